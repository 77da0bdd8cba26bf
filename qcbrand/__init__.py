"""qcbrand: the brand-and-award ledger of a quality-strong-city programme (质量强市品牌与奖项台账)."""

__version__ = "0.1.0"
