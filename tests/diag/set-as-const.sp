# A set used where one address is needed.
set vips = { 10.0.0.5, 10.0.0.6 };
on connect4 { bind vips; }
