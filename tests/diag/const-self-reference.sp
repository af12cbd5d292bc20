# A const defined as itself has no value.
const a = a;
on connect4 { bind a; }
