"""The workbench: the notebook's review, its rows and views, the scope table HTML, the
headless runner and the run a notebook Save publishes."""
