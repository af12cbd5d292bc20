# A statement at the top level, outside any hook.
const vip = 10.0.0.5;
bind vip;
on connect4 { allow; }
