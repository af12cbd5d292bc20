# 'size' exists only in msg; connect has no such field.
on connect {
    if size > 100 { deny; }
}
