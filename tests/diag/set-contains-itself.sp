# A set that lists itself.
set a = { a, 10.0.0.1 };
on connect { if dst in a { deny; } }
