# A module that (wrongly) holds a hook.
set s = { 10.0.0.0/8 };
on connect { deny; }
