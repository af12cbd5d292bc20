# Nesting far deeper than anyone writes by hand.
on connect4 {
if dst.port == 1 { if dst.port == 2 { if dst.port == 3 { if dst.port == 4 { if dst.port == 5 {
if dst.port == 6 { if dst.port == 7 { if dst.port == 8 { if dst.port == 9 { if dst.port == 10 {
if dst.port == 11 { if dst.port == 12 { if dst.port == 13 { if dst.port == 14 { if dst.port == 15 {
if dst.port == 16 { if dst.port == 17 { if dst.port == 18 { if dst.port == 19 { if dst.port == 20 {
if dst.port == 21 { if dst.port == 22 { if dst.port == 23 { if dst.port == 24 { if dst.port == 25 {
if dst.port == 26 { if dst.port == 27 { if dst.port == 28 { if dst.port == 29 { if dst.port == 30 {
if dst.port == 31 { if dst.port == 32 { if dst.port == 33 { if dst.port == 34 { if dst.port == 35 {
if dst.port == 36 { if dst.port == 37 { if dst.port == 38 { if dst.port == 39 { if dst.port == 40 {
if dst.port == 41 { if dst.port == 42 { if dst.port == 43 { if dst.port == 44 { if dst.port == 45 {
if dst.port == 46 { if dst.port == 47 { if dst.port == 48 { if dst.port == 49 { if dst.port == 50 {
if dst.port == 51 { if dst.port == 52 { if dst.port == 53 { if dst.port == 54 { if dst.port == 55 {
if dst.port == 56 { if dst.port == 57 { if dst.port == 58 { if dst.port == 59 { if dst.port == 60 {
if dst.port == 61 { if dst.port == 62 { if dst.port == 63 { if dst.port == 64 { if dst.port == 65 {
if dst.port == 66 { if dst.port == 67 { if dst.port == 68 { if dst.port == 69 { if dst.port == 70 {
deny;
} } } } } } } } } } } } } } } } } } } } } } } } } } } } } } } } } } } } } } } } } } } } } } } } } } } } } } } } } } } } } } } } } } } } } }
}
