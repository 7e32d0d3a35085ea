"""Answer: a question and the library → a cited Answer, or an honest refusal.

A few typed stages, each a package that imports only the ones before it (.importlinter):

    understand  the question as asked: language, the chat before it, its parts, what it asks (kind, year, unit,
                measure), small talk, 「why」, words that exclude each other
    route       which reports answer it: places, levels, years; the plan (parts, their reports, reasons to refuse)
    rank        the candidate sentences, the fitted ranker, the learned reader, P(the report answers)
    extract     the spans that answer: a sentence's clauses, the report's own lists
    write       the words around the quotes, [n] after every claim, refusals, parts joined, the JSON record

On top: execute (a plan carried out), promise and targets (a year's plan beside its result), assistant (ask:
read → plan → execute) and source (where a ready Assistant comes from: the interface rag.library implements).
May import: rag.types, rag.config, rag.files, rag.ingest, rag.model, rag.search.
"""
