# Numbers are decimal, leading zeros and all (010 is ten, as 10.0.0.1:010 is port ten),
# or hex after 0x: the last rule never runs, as the first takes port ten.
policy "n";
on bind {
    if src.port == 010 { deny; }
    if src.port == 0x0b { deny; }
    if src.port == 12 { deny; }
    if src.port == 13 { deny; }
    if src.port == 14 { deny; }
    if src.port == 15 { deny; }
    if src.port == 16 { deny; }
    if src.port == 10 { allow; }
}
