# The same name declared twice.
const vip = 10.0.0.5;
const vip = 10.0.0.6;
on connect4 { bind vip; }
