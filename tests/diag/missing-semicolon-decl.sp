# A declaration without its ';': the error is reported where the next line starts.
const vip = 10.0.0.5
on connect4 { bind vip; }
