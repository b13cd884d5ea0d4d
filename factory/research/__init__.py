"""Research: catalog, search backends, fetch, reach, rendering, links, the scope table and
the pipeline that composes them."""
