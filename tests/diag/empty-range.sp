# A port range whose low end is above its high end.
on connect {
    if dst.port in 90..80 { deny; }
}
