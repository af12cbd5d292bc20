# A const that was never declared (a near name exists).
const vip = 10.0.0.5;
on connect4 { bind vpi; }
