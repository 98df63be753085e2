"""The case list pane (`pane.CaseListPane`: 查找, the filter bar, the lazy table, the ranked results)."""
