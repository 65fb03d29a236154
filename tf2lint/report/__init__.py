"""``tf2lint report``: what a TF 1.x code base needs before it runs on TF 2.x, as HTML, Markdown or JSON.

``collect`` turns the linter's own per-file results into numbers; ``html``, ``markdown`` and
``json_format`` render the same numbers; ``command`` is the subcommand. Nothing here is imported
when linting.
"""
