# Half of an import cycle: a -> b.
import "b";
set a_set = { 10.0.0.0/8 };
