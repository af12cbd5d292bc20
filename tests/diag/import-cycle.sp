# a imports b, and b imports a again.
import "cycle/a";
on connect { deny; }
