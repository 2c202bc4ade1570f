"""Stage "present": charts, prose, pages and the report built from the analysed articles.

Modules
-------
plots
    Charts of analysed articles (matplotlib).
narrate
    Plain-word findings for editors, with their numbers.
pages
    Executed notebooks as offline HTML pages, the index and navigation.
explorer_page
    The report's offline article explorer (``explore.html``).
explore
    Highlighted evidence as HTML, and an interactive JupyterLab view.
report
    The main job: analyse a corpus once, execute the notebooks, render the pages.

Nothing is imported here: each module (and matplotlib with ``plots``) is imported when first asked for.

Example
-------
>>> from analysis.present import report
>>> (report.notebooks_dir() / "01-one-article.ipynb").is_file()
True
"""
