# An empty set can never match.
set s = { };
on connect { if dst in s { deny; } }
