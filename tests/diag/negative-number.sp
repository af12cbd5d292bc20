# There are no negative numbers: uids are 0 and up.
on connect { if uid == -1 { deny; } }
