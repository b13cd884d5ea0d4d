"""Evidence: the run folder's store, the runs index, the publish transaction and the report."""
