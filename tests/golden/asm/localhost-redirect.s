	.text
	.file	"localhost-redirect.sp"
	.section	"cgroup/connect4","ax",@progbits
	.globl	connect4
	.p2align	3
	.type	connect4,@function
connect4:
.Lfunc_begin0:
	.file	0 "examples" "localhost-redirect.sp"
	.cfi_sections .debug_frame
	.cfi_startproc
	.loc	0 6 19 prologue_end
.Ltmp0:
	w2 = *(u32 *)(r1 + 4)
	if w2 != 16777343 goto LBB0_3
.Ltmp1:
.Ltmp2:
	w2 = *(u32 *)(r1 + 24)
	if w2 != 60184 goto LBB0_3
.Ltmp3:
.Ltmp4:
	.loc	0 0 19 is_stmt 0
	w2 = 64319
	.loc	0 6 38
.Ltmp5:
	*(u32 *)(r1 + 24) = w2
	w2 = 33554559
	*(u32 *)(r1 + 4) = w2
.Ltmp6:
.Ltmp7:
LBB0_3:
	.loc	0 6 0
.Ltmp8:
	w0 = 1
	exit
.Ltmp9:
.Ltmp10:
.Lfunc_end0:
	.size	connect4, .Lfunc_end0-connect4
	.cfi_endproc

	.section	"cgroup/getpeername4","ax",@progbits
	.globl	getpeername4
	.p2align	3
	.type	getpeername4,@function
getpeername4:
.Lfunc_begin1:
	.cfi_startproc
	.loc	0 7 19 prologue_end is_stmt 1
.Ltmp11:
	w2 = *(u32 *)(r1 + 4)
	if w2 != 33554559 goto LBB1_3
.Ltmp12:
.Ltmp13:
	w2 = *(u32 *)(r1 + 24)
	if w2 != 64319 goto LBB1_3
.Ltmp14:
.Ltmp15:
	.loc	0 0 19 is_stmt 0
	w2 = 60184
	.loc	0 7 38
.Ltmp16:
	*(u32 *)(r1 + 24) = w2
	w2 = 16777343
	*(u32 *)(r1 + 4) = w2
.Ltmp17:
.Ltmp18:
LBB1_3:
	.loc	0 7 0
.Ltmp19:
	w0 = 1
	exit
.Ltmp20:
.Ltmp21:
.Lfunc_end1:
	.size	getpeername4, .Lfunc_end1-getpeername4
	.cfi_endproc

	.type	_license,@object
	.section	license,"aw",@progbits
	.globl	_license
_license:
	.asciz	"GPL"
	.size	_license, 4

	.type	__sockc_meta,@object
	.section	.sockc,"a",@progbits
	.globl	__sockc_meta
__sockc_meta:
	.asciz	"sockc-object 1\ncompiler 0.1.0\npolicy redirect\nsource examples/localhost-redirect.sp\nprog connect4 cgroup/connect4 connect 4 cgroup:\nprog getpeername4 cgroup/getpeername4 getpeername 4 cgroup:\nrule connect4 6\nrule getpeername4 7\n"
	.size	__sockc_meta, 229

	.section	.debug_abbrev,"",@progbits
	.byte	1
	.byte	17
	.byte	1
	.byte	37
	.byte	37
	.byte	19
	.byte	5
	.byte	3
	.byte	37
	.byte	114
	.byte	23
	.byte	16
	.byte	23
	.byte	27
	.byte	37
	.byte	17
	.byte	1
	.byte	85
	.byte	35
	.byte	115
	.byte	23
	.byte	116
	.byte	23
	.byte	0
	.byte	0
	.byte	2
	.byte	46
	.byte	1
	.byte	17
	.byte	27
	.byte	18
	.byte	6
	.byte	64
	.byte	24
	.byte	110
	.byte	37
	.byte	3
	.byte	37
	.byte	58
	.byte	11
	.byte	59
	.byte	11
	.byte	39
	.byte	25
	.byte	73
	.byte	19
	.byte	63
	.byte	25
	.byte	0
	.byte	0
	.byte	3
	.byte	5
	.byte	0
	.byte	2
	.byte	24
	.byte	3
	.byte	37
	.byte	58
	.byte	11
	.byte	59
	.byte	11
	.byte	73
	.byte	19
	.byte	0
	.byte	0
	.byte	4
	.byte	36
	.byte	0
	.byte	3
	.byte	37
	.byte	62
	.byte	11
	.byte	11
	.byte	11
	.byte	0
	.byte	0
	.byte	5
	.byte	15
	.byte	0
	.byte	51
	.byte	6
	.byte	0
	.byte	0
	.byte	0
	.section	.debug_info,"",@progbits
.Lcu_begin0:
	.long	.Ldebug_info_end0-.Ldebug_info_start0
.Ldebug_info_start0:
	.short	5
	.byte	1
	.byte	8
	.long	.debug_abbrev
	.byte	1
	.byte	0
	.short	29
	.byte	1
	.long	.Lstr_offsets_base0
	.long	.Lline_table_start0
	.byte	2
	.quad	0
	.byte	0
	.long	.Laddr_table_base0
	.long	.Lrnglists_table_base0
	.byte	2
	.byte	0
	.long	.Lfunc_end0-.Lfunc_begin0
	.byte	1
	.byte	90
	.byte	3
	.byte	3
	.byte	0
	.byte	6

	.long	97

	.byte	3
	.byte	1
	.byte	81
	.byte	6
	.byte	0
	.byte	6
	.long	101
	.byte	0
	.byte	2
	.byte	1
	.long	.Lfunc_end1-.Lfunc_begin1
	.byte	1
	.byte	90
	.byte	5
	.byte	5
	.byte	0
	.byte	7

	.long	97

	.byte	3
	.byte	1
	.byte	81
	.byte	6
	.byte	0
	.byte	7
	.long	101
	.byte	0
	.byte	4
	.byte	4
	.byte	5
	.byte	4
	.byte	5
	.long	0
	.byte	0
.Ldebug_info_end0:
	.section	.debug_rnglists,"",@progbits
	.long	.Ldebug_list_header_end0-.Ldebug_list_header_start0
.Ldebug_list_header_start0:
	.short	5
	.byte	8
	.byte	0
	.long	1
.Lrnglists_table_base0:
	.long	.Ldebug_ranges0-.Lrnglists_table_base0
.Ldebug_ranges0:
	.byte	3
	.byte	0
	.uleb128 .Lfunc_end0-.Lfunc_begin0
	.byte	3
	.byte	1
	.uleb128 .Lfunc_end1-.Lfunc_begin1
	.byte	0
.Ldebug_list_header_end0:
	.section	.debug_str_offsets,"",@progbits
	.long	32
	.short	5
	.short	0
.Lstr_offsets_base0:
	.section	.debug_str,"MS",@progbits,1
.Linfo_string0:
	.asciz	"sockc"
.Linfo_string1:
	.asciz	"localhost-redirect.sp"
.Linfo_string2:
	.asciz	"examples"
.Linfo_string3:
	.asciz	"connect4"
.Linfo_string4:
	.asciz	"getpeername4"
.Linfo_string5:
	.asciz	"int"
.Linfo_string6:
	.asciz	"ctx"
	.section	.debug_str_offsets,"",@progbits
	.long	.Linfo_string0
	.long	.Linfo_string1
	.long	.Linfo_string2
	.long	.Linfo_string3
	.long	.Linfo_string5
	.long	.Linfo_string4
	.long	.Linfo_string6
	.section	.debug_addr,"",@progbits
	.long	.Ldebug_addr_end0-.Ldebug_addr_start0
.Ldebug_addr_start0:
	.short	5
	.byte	8
	.byte	0
.Laddr_table_base0:
	.quad	.Lfunc_begin0
	.quad	.Lfunc_begin1
.Ldebug_addr_end0:
	.section	.debug_names,"",@progbits
	.long	.Lnames_end0-.Lnames_start0
.Lnames_start0:
	.short	5
	.short	0
	.long	1
	.long	0
	.long	0
	.long	3
	.long	3
	.long	.Lnames_abbrev_end0-.Lnames_abbrev_start0
	.long	8
	.ascii	"LLVM0700"
	.long	.Lcu_begin0
	.long	0
	.long	1
	.long	3
	.long	435727942
	.long	1111492579
	.long	193495088
	.long	.Linfo_string4
	.long	.Linfo_string3
	.long	.Linfo_string5
	.long	.Lnames1-.Lnames_entries0
	.long	.Lnames0-.Lnames_entries0
	.long	.Lnames2-.Lnames_entries0
.Lnames_abbrev_start0:
	.byte	1
	.byte	46
	.byte	3
	.byte	19
	.byte	4
	.byte	25
	.byte	0
	.byte	0
	.byte	2
	.byte	36
	.byte	3
	.byte	19
	.byte	4
	.byte	25
	.byte	0
	.byte	0
	.byte	0
.Lnames_abbrev_end0:
.Lnames_entries0:
.Lnames1:
.L2:
	.byte	1
	.long	70
	.byte	0
.Lnames0:
.L0:
	.byte	1
	.long	43
	.byte	0
.Lnames2:
.L1:
	.byte	2
	.long	97
	.byte	0
	.p2align	2, 0x0
.Lnames_end0:
	.section	.BTF,"",@progbits
	.short	60319
	.byte	1
	.byte	0
	.long	24
	.long	0
	.long	92
	.long	92
	.long	219
	.long	0
	.long	33554432
	.long	0
	.long	0
	.long	218103809
	.long	3
	.long	1
	.long	1
	.long	5
	.long	16777216
	.long	4
	.long	16777248
	.long	9
	.long	201326593
	.long	2
	.long	0
	.long	218103809
	.long	3
	.long	1
	.long	1
	.long	126
	.long	201326593
	.long	5
	.byte	0
	.ascii	"ctx"
	.byte	0
	.ascii	"int"
	.byte	0
	.ascii	"connect4"
	.byte	0
	.ascii	"cgroup/connect4"
	.byte	0
	.ascii	"examples/localhost-redirect.sp"
	.byte	0
	.ascii	"on connect4     { if dst == asked  { rewrite dst actual; } }"
	.byte	0
	.ascii	"getpeername4"
	.byte	0
	.ascii	"cgroup/getpeername4"
	.byte	0
	.ascii	"on getpeername4 { if dst == actual { rewrite dst asked; } }"
	.byte	0
	.section	.BTF.ext,"",@progbits
	.short	60319
	.byte	1
	.byte	0
	.long	32
	.long	0
	.long	36
	.long	36
	.long	116
	.long	152
	.long	0
	.long	8
	.long	18
	.long	1
	.long	.Lfunc_begin0
	.long	4
	.long	139
	.long	1
	.long	.Lfunc_begin1
	.long	6
	.long	16
	.long	18
	.long	3
	.long	.Ltmp0
	.long	34
	.long	65
	.long	6163
	.long	.Ltmp5
	.long	34
	.long	65
	.long	6182
	.long	.Ltmp8
	.long	34
	.long	65
	.long	6144
	.long	139
	.long	3
	.long	.Ltmp11
	.long	34
	.long	159
	.long	7187
	.long	.Ltmp16
	.long	34
	.long	159
	.long	7206
	.long	.Ltmp19
	.long	34
	.long	159
	.long	7168
	.section	.debug_line,"",@progbits
.Lline_table_start0:
exit: 0
