// Dashboard: pure view-model over Monitor snapshots (aggregation, rows, sort, filter, selection,
// the update state machine). Depends only on Monitor (and Foundation for Date/Data); performs no I/O,
// reads no clock, knows nothing of terminals.
