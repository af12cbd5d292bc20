# A set holds addresses or ports, not both.
set odd = { 10.0.0.1, 80 };
on connect { if dst in odd { deny; } }
