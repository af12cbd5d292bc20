# The module exists but has no such set.
import "std/net";
on connect {
    if dst in net.privat { deny; }
}
