# 'on msg in' names a socket map that does not exist.
on msg in nosuch { drop; }
