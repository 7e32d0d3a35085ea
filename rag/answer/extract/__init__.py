"""Extract: what answers, cut from the ranked candidates — a sentence's clauses, the report's own lists and
outlines — handed on as a Composed answer. May import: understand, route, rank."""
