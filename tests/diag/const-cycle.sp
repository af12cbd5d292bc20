# Two consts defined through each other have no value.
const a = b;
const b = a;
on connect4 { bind a; }
