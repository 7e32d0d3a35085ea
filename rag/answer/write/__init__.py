"""Write: the answer's words — spans in order with [n] after each, refusals that quote what is there, parts
joined, an optional generated answer held to its sources, the JSON record. May import: every stage before it."""
