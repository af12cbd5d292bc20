# The port of an endpoint is out of range.
const backend = 10.0.0.1:70000;
on connect4 { rewrite dst backend; }
