# A misspelt field gets a did-you-mean hint.
on connect {
    if dts.port == 80 { deny; }
}
