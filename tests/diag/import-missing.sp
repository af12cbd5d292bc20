# A file import that does not exist.
import "no-such-module";
on connect { deny; }
