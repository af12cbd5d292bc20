# getsockname can only allow.
on getsockname4 { deny; }
