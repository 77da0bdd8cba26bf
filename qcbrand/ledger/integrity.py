"""The ledger's soundness: references that point nowhere and derived tables that differ from their sources."""

from __future__ import annotations

from qcbrand.ledger.derived import stale_facts, stale_kind_days, stale_spans, touching_spans
from qcbrand.ledger.store import Cursor, Store


def orphans(store: Store | Cursor) -> dict[str, int]:
    """References that point nowhere, by kind; all zero in a sound ledger."""
    checks = {
        "record_enterprise": "SELECT count(*) FROM honour_records r WHERE r.enterprise_id IS NOT NULL "
                             "AND NOT EXISTS (SELECT 1 FROM enterprises e WHERE e.enterprise_id = r.enterprise_id)",
        "record_kind": "SELECT count(*) FROM (SELECT kind_code FROM famous_brands UNION ALL SELECT kind_code FROM trademarks "
                       "UNION ALL SELECT kind_code FROM quality_awards UNION ALL SELECT kind_code FROM standards "
                       "UNION ALL SELECT kind_code FROM other_honours) r "
                       "WHERE NOT EXISTS (SELECT 1 FROM honour_kinds k WHERE k.code = r.kind_code)",
        "drafter_standard": "SELECT count(*) FROM standard_drafters d WHERE NOT EXISTS (SELECT 1 FROM standards s WHERE s.id = d.standard_id)",
        "drafter_enterprise": "SELECT count(*) FROM standard_drafters d "
                              "WHERE NOT EXISTS (SELECT 1 FROM enterprises e WHERE e.enterprise_id = d.enterprise_id)",
        "standard_without_drafter": "SELECT count(*) FROM standards s WHERE NOT EXISTS "
                                    "(SELECT 1 FROM standard_drafters d WHERE d.standard_id = s.id)",
        "enterprise_district": "SELECT count(*) FROM enterprises e WHERE e.district_code IS NOT NULL "
                               "AND NOT EXISTS (SELECT 1 FROM districts d WHERE d.code = e.district_code)",
        "record_merged_enterprise": "SELECT count(*) FROM facts f JOIN enterprises e USING (enterprise_id) "
                                    "WHERE e.merged_into IS NOT NULL",
        "goal_kind": "SELECT count(*) FROM goal_kinds g WHERE NOT EXISTS (SELECT 1 FROM honour_kinds k WHERE k.code = g.kind_code)",
        "candidate_enterprise": "SELECT count(*) FROM candidates c WHERE NOT EXISTS (SELECT 1 FROM enterprises e "
                                "WHERE e.enterprise_id = c.enterprise_id AND e.merged_into IS NULL)",
        "candidate_kind": "SELECT count(*) FROM candidates c WHERE NOT EXISTS (SELECT 1 FROM honour_kinds k WHERE k.code = c.kind_code)",
        "candidate_without_step": "SELECT count(*) FROM candidates c WHERE NOT EXISTS "
                                  "(SELECT 1 FROM candidate_steps s WHERE s.candidate_id = c.candidate_id)",
        "step_candidate": "SELECT count(*) FROM candidate_steps s WHERE NOT EXISTS "
                          "(SELECT 1 FROM candidates c WHERE c.candidate_id = s.candidate_id)",
        "step_stage": "SELECT count(*) FROM candidate_steps s WHERE NOT EXISTS (SELECT 1 FROM pipeline_stages p WHERE p.code = s.stage_code)",
        "step_record": "SELECT count(*) FROM candidate_steps s WHERE s.record_id IS NOT NULL "
                       "AND NOT EXISTS (SELECT 1 FROM honour_records r WHERE r.id = s.record_id)",
    }
    found = {name: int(store.scalar(sql)) for name, sql in checks.items()}
    found["stale_facts"] = stale_facts(store)  # the fact table differs from what the records say
    found["stale_spans"] = stale_spans(store)  # the goals' counting spans differ from what the facts say
    found["touching_spans"] = touching_spans(store)  # a unit counted twice on some days
    found["stale_kind_days"] = stale_kind_days(store)  # the city's day counts differ from the facts
    return found
