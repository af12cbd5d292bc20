# A misspelt part of an address field.
on connect {
    if dst.prot == 80 { deny; }
}
