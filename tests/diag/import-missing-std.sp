# A stdlib module that does not exist.
import "std/nett";
on connect { deny; }
