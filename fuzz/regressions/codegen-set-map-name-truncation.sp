# Two lowered sets whose names agree in their first 79 characters: plan.c truncates
# map names into char base[80], both sets get one map name, codegen crashes.
policy "p";
set sssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssss1 = { 1000, 1001, 1002, 1003, 1004, 1005, 1006, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014, 1015, 1016 };
set sssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssss2 = { 1000, 1001, 1002, 1003, 1004, 1005, 1006, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014, 1015, 1016 };
on connect {
    if dst.port in sssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssss1 { deny; }
    if dst.port in sssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssss2 { deny; }
}
