"""Route: which reports answer a question — the places and levels it names, the years it means, a promise and
its result — and the plan that says so (parts, their reports, reasons to refuse). May import: understand."""
