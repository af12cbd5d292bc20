	.text
	.file	"discovery.sp"
	.file	0 "examples" "discovery.sp"
	.section	"cgroup/post_bind4","ax",@progbits
	.globl	post_bind4
	.p2align	3
	.type	post_bind4,@function
post_bind4:
.Lfunc_begin0:
	.cfi_sections .debug_frame
	.cfi_startproc
	.loc	0 5 33 prologue_end
.Ltmp0:
	w2 = *(u32 *)(r1 + 44)
	w3 = 0
	*(u32 *)(r10 - 8) = w3
	*(u16 *)(r10 - 32) = w2
	w1 = *(u32 *)(r1 + 24)
.Ltmp1:
.Ltmp2:
	.loc	0 0 33 is_stmt 0
	w3 = 4
	.loc	0 5 33
	*(u8 *)(r10 - 6) = w3
	*(u16 *)(r10 - 8) = w2
	*(u32 *)(r10 - 12) = w1
	w1 = -65536
	*(u32 *)(r10 - 16) = w1
	r1 = 0
	*(u64 *)(r10 - 24) = r1
	r2 = r10
	r2 += -32
	r3 = r10
	r3 += -24
	r1 = registry ll
	r4 = 0
	call 2
	.loc	0 5 0
.Ltmp3:
	w0 = 1
	exit
.Ltmp4:
.Ltmp5:
.Lfunc_end0:
	.size	post_bind4, .Lfunc_end0-post_bind4
	.cfi_endproc

	.section	"cgroup/post_bind6","ax",@progbits
	.globl	post_bind6
	.p2align	3
	.type	post_bind6,@function
post_bind6:
.Lfunc_begin1:
	.cfi_startproc
	.loc	0 5 33 prologue_end is_stmt 1
.Ltmp6:
	w2 = *(u32 *)(r1 + 44)
	w3 = 0
	*(u32 *)(r10 - 8) = w3
	*(u16 *)(r10 - 32) = w2
	w4 = *(u32 *)(r1 + 28)
	*(u32 *)(r10 - 24) = w4
	w3 = *(u32 *)(r1 + 32)
	*(u32 *)(r10 - 20) = w3
	w3 |= w4
	w4 = 4
	w5 = *(u32 *)(r1 + 36)
	if w5 == -65536 goto LBB1_2
.Ltmp7:
.Ltmp8:
	.loc	0 0 33 is_stmt 0
	w4 = 6
.Ltmp9:
.Ltmp10:
LBB1_2:
	.loc	0 5 33
	if w3 == 0 goto LBB1_4
.Ltmp11:
.Ltmp12:
	.loc	0 0 33
	w4 = 6
.Ltmp13:
.Ltmp14:
LBB1_4:
	.loc	0 5 33
	*(u32 *)(r10 - 16) = w5
	w1 = *(u32 *)(r1 + 40)
.Ltmp15:
.Ltmp16:
	*(u8 *)(r10 - 6) = w4
	*(u16 *)(r10 - 8) = w2
	*(u32 *)(r10 - 12) = w1
	r2 = r10
	r2 += -32
	r3 = r10
	r3 += -24
	r1 = registry ll
	r4 = 0
	call 2
	.loc	0 5 0
.Ltmp17:
	w0 = 1
	exit
.Ltmp18:
.Ltmp19:
.Lfunc_end1:
	.size	post_bind6, .Lfunc_end1-post_bind6
	.cfi_endproc

	.section	"cgroup/connect4","ax",@progbits
	.globl	connect4
	.p2align	3
	.type	connect4,@function
connect4:
.Lfunc_begin2:
	.loc	0 6 0 is_stmt 1
	.cfi_startproc
	r6 = r1
.Ltmp20:
.Ltmp21:
	.loc	0 7 5 prologue_end
.Ltmp22:
	w1 = *(u32 *)(r6 + 4)
	if w1 != 16777343 goto LBB2_6
.Ltmp23:
.Ltmp24:
	w1 = *(u32 *)(r6 + 24)
	r1 = be16 r1
	*(u16 *)(r10 - 8) = w1
	r2 = r10
	r2 += -8
	r1 = registry ll
	call 1
	if r0 == 0 goto LBB2_6
.Ltmp25:
.Ltmp26:
	.loc	0 7 55 is_stmt 0
.Ltmp27:
	w1 = *(u32 *)(r6 + 24)
	r1 = be16 r1
	*(u16 *)(r10 - 8) = w1
	r2 = r10
	r2 += -8
	r1 = registry ll
	call 1
	if r0 == 0 goto LBB2_6
.Ltmp28:
.Ltmp29:
	w1 = *(u32 *)(r0 + 0)
	w2 = *(u32 *)(r0 + 4)
	w2 |= w1
	if w2 != 0 goto LBB2_6
.Ltmp30:
.Ltmp31:
	w1 = *(u32 *)(r0 + 8)
	if w1 != -65536 goto LBB2_6
.Ltmp32:
.Ltmp33:
	w1 = *(u32 *)(r0 + 12)
	*(u32 *)(r6 + 4) = w1
	w1 = *(u16 *)(r0 + 16)
	r1 = be16 r1
	*(u32 *)(r6 + 24) = w1
.Ltmp34:
.Ltmp35:
LBB2_6:
	.loc	0 6 0 is_stmt 1
.Ltmp36:
	w0 = 1
	exit
.Ltmp37:
.Ltmp38:
.Lfunc_end2:
	.size	connect4, .Lfunc_end2-connect4
	.cfi_endproc

	.section	"cgroup/connect6","ax",@progbits
	.globl	connect6
	.p2align	3
	.type	connect6,@function
connect6:
.Lfunc_begin3:
	.cfi_startproc
	.loc	0 7 5 prologue_end
.Ltmp39:
	w2 = *(u32 *)(r1 + 8)
	if w2 != 0 goto LBB3_14
.Ltmp40:
.Ltmp41:
	w2 = *(u32 *)(r1 + 12)
	if w2 != 0 goto LBB3_14
.Ltmp42:
.Ltmp43:
	w2 = *(u32 *)(r1 + 16)
	if w2 != -65536 goto LBB3_14
.Ltmp44:
.Ltmp45:
	w2 = *(u32 *)(r1 + 20)
	if w2 != 16777343 goto LBB3_14
.Ltmp46:
.Ltmp47:
	w2 = *(u32 *)(r1 + 24)
	r2 = be16 r2
	*(u16 *)(r10 - 8) = w2
	r2 = r10
	r2 += -8
	r6 = r1
	r1 = registry ll
.Ltmp48:
.Ltmp49:
	call 1
	r1 = r6
	if r0 == 0 goto LBB3_14
	.loc	0 7 55 is_stmt 0
.Ltmp50:
	w1 = *(u32 *)(r1 + 24)
	r1 = be16 r1
	*(u16 *)(r10 - 8) = w1
	r2 = r10
	r2 += -8
	r1 = registry ll
	call 1
	r1 = r6
	if r0 == 0 goto LBB3_14
	w2 = *(u32 *)(r1 + 8)
	w4 = *(u32 *)(r1 + 12)
	w4 |= w2
	w5 = *(u32 *)(r1 + 16)
	w2 = 1
	w3 = 1
	if w5 == -65536 goto LBB3_8
	.loc	0 0 55
	w3 = 0
LBB3_8:
	.loc	0 7 55
	if w4 == 0 goto LBB3_10
	.loc	0 0 55
	w2 = 0
LBB3_10:
	.loc	0 7 55
	w6 = *(u32 *)(r0 + 8)
	w5 = *(u32 *)(r0 + 4)
	w4 = *(u32 *)(r0 + 0)
	w7 = w5
	w7 |= w4
	if w7 != 0 goto LBB3_13
	if w6 != -65536 goto LBB3_13
	.loc	0 0 55
	w2 &= w3
	w2 &= 1
	.loc	0 7 55
	if w2 == 0 goto LBB3_14
LBB3_13:
	w2 = *(u32 *)(r0 + 12)
	*(u32 *)(r1 + 20) = w2
	*(u32 *)(r1 + 16) = w6
	*(u32 *)(r1 + 12) = w5
	*(u32 *)(r1 + 8) = w4
	w2 = *(u16 *)(r0 + 16)
	r2 = be16 r2
	*(u32 *)(r1 + 24) = w2
LBB3_14:
	.loc	0 6 0 is_stmt 1
.Ltmp51:
	w0 = 1
	exit
.Ltmp52:
.Ltmp53:
.Lfunc_end3:
	.size	connect6, .Lfunc_end3-connect6
	.cfi_endproc

	.type	registry,@object
	.section	.maps,"aw",@progbits
	.globl	registry
	.p2align	3, 0x0
registry:
	.zero	32
	.size	registry, 32

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
	.asciz	"sockc-object 1\ncompiler 0.1.0\npolicy discovery\nsource examples/discovery.sp\nprog post_bind4 cgroup/post_bind4 post_bind 4 cgroup:svc-y\nprog post_bind6 cgroup/post_bind6 post_bind 6 cgroup:svc-y\nprog connect4 cgroup/connect4 connect 4 cgroup:app-x\nprog connect6 cgroup/connect6 connect 6 cgroup:app-x\nmap registry hash port endpoint 4096 policy\nrule post_bind4 5\nrule post_bind6 5\nrule connect4 7\nrule connect6 7\n"
	.size	__sockc_meta, 413

	.section	.debug_loclists,"",@progbits
	.long	.Ldebug_list_header_end0-.Ldebug_list_header_start0
.Ldebug_list_header_start0:
	.short	5
	.byte	8
	.byte	0
	.long	4
.Lloclists_table_base0:
	.long	.Ldebug_loc0-.Lloclists_table_base0
	.long	.Ldebug_loc1-.Lloclists_table_base0
	.long	.Ldebug_loc2-.Lloclists_table_base0
	.long	.Ldebug_loc3-.Lloclists_table_base0
.Ldebug_loc0:
	.byte	3
	.byte	1
	.uleb128 .Ltmp1-.Lfunc_begin0
	.byte	1
	.byte	81
	.byte	0
.Ldebug_loc1:
	.byte	3
	.byte	2
	.uleb128 .Ltmp15-.Lfunc_begin1
	.byte	1
	.byte	81
	.byte	0
.Ldebug_loc2:
	.byte	1
	.byte	3
	.byte	4
	.uleb128 .Lfunc_begin2-.Lfunc_begin2
	.uleb128 .Ltmp20-.Lfunc_begin2
	.byte	1
	.byte	81
	.byte	4
	.uleb128 .Ltmp20-.Lfunc_begin2
	.uleb128 .Lfunc_end2-.Lfunc_begin2
	.byte	1
	.byte	86
	.byte	0
.Ldebug_loc3:
	.byte	3
	.byte	4
	.uleb128 .Ltmp48-.Lfunc_begin3
	.byte	1
	.byte	81
	.byte	0
.Ldebug_list_header_end0:
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
	.ascii	"\214\001"
	.byte	23
	.byte	0
	.byte	0
	.byte	2
	.byte	52
	.byte	0
	.byte	3
	.byte	37
	.byte	73
	.byte	19
	.byte	63
	.byte	25
	.byte	58
	.byte	11
	.byte	59
	.byte	11
	.byte	2
	.byte	24
	.byte	0
	.byte	0
	.byte	3
	.byte	19
	.byte	1
	.byte	11
	.byte	11
	.byte	58
	.byte	11
	.byte	59
	.byte	11
	.byte	0
	.byte	0
	.byte	4
	.byte	13
	.byte	0
	.byte	3
	.byte	37
	.byte	73
	.byte	19
	.byte	58
	.byte	11
	.byte	59
	.byte	11
	.byte	56
	.byte	11
	.byte	0
	.byte	0
	.byte	5
	.byte	15
	.byte	0
	.byte	73
	.byte	19
	.byte	51
	.byte	6
	.byte	0
	.byte	0
	.byte	6
	.byte	1
	.byte	1
	.byte	73
	.byte	19
	.byte	0
	.byte	0
	.byte	7
	.byte	33
	.byte	0
	.byte	73
	.byte	19
	.byte	55
	.byte	11
	.byte	0
	.byte	0
	.byte	8
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
	.byte	9
	.byte	36
	.byte	0
	.byte	3
	.byte	37
	.byte	11
	.byte	11
	.byte	62
	.byte	11
	.byte	0
	.byte	0
	.byte	10
	.byte	19
	.byte	1
	.byte	3
	.byte	37
	.byte	11
	.byte	11
	.byte	58
	.byte	11
	.byte	59
	.byte	11
	.ascii	"\210\001"
	.byte	15
	.byte	0
	.byte	0
	.byte	11
	.byte	33
	.byte	0
	.byte	73
	.byte	19
	.byte	55
	.byte	5
	.byte	0
	.byte	0
	.byte	12
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
	.byte	13
	.byte	5
	.byte	0
	.byte	2
	.byte	34
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
	.byte	14
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
	.long	.Lloclists_table_base0
	.byte	2
	.byte	3
	.long	58

	.byte	0
	.byte	4
	.byte	2
	.byte	161
	.byte	0
	.byte	3
	.byte	32
	.byte	0
	.byte	4
	.byte	4
	.byte	4
	.long	99
	.byte	0
	.byte	4
	.byte	0
	.byte	4
	.byte	7
	.long	128
	.byte	0
	.byte	4
	.byte	8
	.byte	4
	.byte	9
	.long	141
	.byte	0
	.byte	4
	.byte	16
	.byte	4
	.byte	16
	.long	209
	.byte	0
	.byte	4
	.byte	24
	.byte	0
	.byte	5
	.long	108
	.long	0
	.byte	6
	.long	120
	.byte	7
	.long	124
	.byte	1
	.byte	0
	.byte	8
	.byte	5
	.byte	5
	.byte	4
	.byte	9
	.byte	6
	.byte	8
	.byte	7
	.byte	5
	.long	137
	.long	0
	.byte	8
	.byte	8
	.byte	7
	.byte	2
	.byte	5
	.long	150
	.long	0
	.byte	10
	.byte	15
	.byte	20
	.byte	0
	.byte	4
	.byte	2
	.byte	4
	.byte	10
	.long	193
	.byte	0
	.byte	4
	.byte	0
	.byte	4
	.byte	12
	.long	137
	.byte	0
	.byte	4
	.byte	16
	.byte	4
	.byte	13
	.long	205
	.byte	0
	.byte	4
	.byte	18
	.byte	4
	.byte	14
	.long	205
	.byte	0
	.byte	4
	.byte	19
	.byte	0
	.byte	6
	.long	205
	.byte	7
	.long	124
	.byte	16
	.byte	0
	.byte	8
	.byte	11
	.byte	8
	.byte	1
	.byte	5
	.long	218
	.long	0
	.byte	6
	.long	120
	.byte	11
	.long	124
	.short	4096
	.byte	0
	.byte	12
	.byte	1
	.long	.Lfunc_end0-.Lfunc_begin0
	.byte	1
	.byte	90
	.byte	17
	.byte	17
	.byte	0
	.byte	5

	.long	120

	.byte	13
	.byte	0
	.byte	21
	.byte	0
	.byte	5
	.long	335
	.byte	0
	.byte	12
	.byte	2
	.long	.Lfunc_end1-.Lfunc_begin1
	.byte	1
	.byte	90
	.byte	18
	.byte	18
	.byte	0
	.byte	5

	.long	120

	.byte	13
	.byte	1
	.byte	21
	.byte	0
	.byte	5
	.long	335
	.byte	0
	.byte	12
	.byte	3
	.long	.Lfunc_end2-.Lfunc_begin2
	.byte	1
	.byte	90
	.byte	19
	.byte	19
	.byte	0
	.byte	6

	.long	120

	.byte	13
	.byte	2
	.byte	21
	.byte	0
	.byte	6
	.long	335
	.byte	0
	.byte	12
	.byte	4
	.long	.Lfunc_end3-.Lfunc_begin3
	.byte	1
	.byte	90
	.byte	20
	.byte	20
	.byte	0
	.byte	6

	.long	120

	.byte	13
	.byte	3
	.byte	21
	.byte	0
	.byte	6
	.long	335
	.byte	0
	.byte	14
	.long	0
	.byte	0
.Ldebug_info_end0:
	.section	.debug_rnglists,"",@progbits
	.long	.Ldebug_list_header_end1-.Ldebug_list_header_start1
.Ldebug_list_header_start1:
	.short	5
	.byte	8
	.byte	0
	.long	1
.Lrnglists_table_base0:
	.long	.Ldebug_ranges0-.Lrnglists_table_base0
.Ldebug_ranges0:
	.byte	3
	.byte	1
	.uleb128 .Lfunc_end0-.Lfunc_begin0
	.byte	3
	.byte	2
	.uleb128 .Lfunc_end1-.Lfunc_begin1
	.byte	3
	.byte	3
	.uleb128 .Lfunc_end2-.Lfunc_begin2
	.byte	3
	.byte	4
	.uleb128 .Lfunc_end3-.Lfunc_begin3
	.byte	0
.Ldebug_list_header_end1:
	.section	.debug_str_offsets,"",@progbits
	.long	92
	.short	5
	.short	0
.Lstr_offsets_base0:
	.section	.debug_str,"MS",@progbits,1
.Linfo_string0:
	.asciz	"sockc"
.Linfo_string1:
	.asciz	"discovery.sp"
.Linfo_string2:
	.asciz	"examples"
.Linfo_string3:
	.asciz	"registry"
.Linfo_string4:
	.asciz	"type"
.Linfo_string5:
	.asciz	"int"
.Linfo_string6:
	.asciz	"__ARRAY_SIZE_TYPE__"
.Linfo_string7:
	.asciz	"key"
.Linfo_string8:
	.asciz	"unsigned short"
.Linfo_string9:
	.asciz	"value"
.Linfo_string10:
	.asciz	"sc_endpoint_val"
.Linfo_string11:
	.asciz	"b"
.Linfo_string12:
	.asciz	"unsigned char"
.Linfo_string13:
	.asciz	"port"
.Linfo_string14:
	.asciz	"family"
.Linfo_string15:
	.asciz	"pad"
.Linfo_string16:
	.asciz	"max_entries"
.Linfo_string17:
	.asciz	"post_bind4"
.Linfo_string18:
	.asciz	"post_bind6"
.Linfo_string19:
	.asciz	"connect4"
.Linfo_string20:
	.asciz	"connect6"
.Linfo_string21:
	.asciz	"ctx"
	.section	.debug_str_offsets,"",@progbits
	.long	.Linfo_string0
	.long	.Linfo_string1
	.long	.Linfo_string2
	.long	.Linfo_string3
	.long	.Linfo_string4
	.long	.Linfo_string5
	.long	.Linfo_string6
	.long	.Linfo_string7
	.long	.Linfo_string8
	.long	.Linfo_string9
	.long	.Linfo_string11
	.long	.Linfo_string12
	.long	.Linfo_string13
	.long	.Linfo_string14
	.long	.Linfo_string15
	.long	.Linfo_string10
	.long	.Linfo_string16
	.long	.Linfo_string17
	.long	.Linfo_string18
	.long	.Linfo_string19
	.long	.Linfo_string20
	.long	.Linfo_string21
	.section	.debug_addr,"",@progbits
	.long	.Ldebug_addr_end0-.Ldebug_addr_start0
.Ldebug_addr_start0:
	.short	5
	.byte	8
	.byte	0
.Laddr_table_base0:
	.quad	registry
	.quad	.Lfunc_begin0
	.quad	.Lfunc_begin1
	.quad	.Lfunc_begin2
	.quad	.Lfunc_begin3
.Ldebug_addr_end0:
	.section	.debug_names,"",@progbits
	.long	.Lnames_end0-.Lnames_start0
.Lnames_start0:
	.short	5
	.short	0
	.long	1
	.long	0
	.long	0
	.long	10
	.long	10
	.long	.Lnames_abbrev_end0-.Lnames_abbrev_start0
	.long	8
	.ascii	"LLVM0700"
	.long	.Lcu_begin0
	.long	0
	.long	1
	.long	0
	.long	3
	.long	5
	.long	0
	.long	6
	.long	0
	.long	7
	.long	9
	.long	1111492581
	.long	1677422491
	.long	217009403
	.long	1677422493
	.long	-104093792
	.long	128876606
	.long	193495088
	.long	878862258
	.long	1111492579
	.long	-2064577027
	.long	.Linfo_string20
	.long	.Linfo_string17
	.long	.Linfo_string6
	.long	.Linfo_string18
	.long	.Linfo_string12
	.long	.Linfo_string3
	.long	.Linfo_string5
	.long	.Linfo_string8
	.long	.Linfo_string19
	.long	.Linfo_string10
	.long	.Lnames9-.Lnames_entries0
	.long	.Lnames6-.Lnames_entries0
	.long	.Lnames1-.Lnames_entries0
	.long	.Lnames7-.Lnames_entries0
	.long	.Lnames4-.Lnames_entries0
	.long	.Lnames5-.Lnames_entries0
	.long	.Lnames0-.Lnames_entries0
	.long	.Lnames2-.Lnames_entries0
	.long	.Lnames8-.Lnames_entries0
	.long	.Lnames3-.Lnames_entries0
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
	.byte	3
	.byte	52
	.byte	3
	.byte	19
	.byte	4
	.byte	25
	.byte	0
	.byte	0
	.byte	4
	.byte	19
	.byte	3
	.byte	19
	.byte	4
	.byte	25
	.byte	0
	.byte	0
	.byte	0
.Lnames_abbrev_end0:
.Lnames_entries0:
.Lnames9:
.L8:
	.byte	1
	.long	309
	.byte	0
.Lnames6:
.L7:
	.byte	1
	.long	231
	.byte	0
.Lnames1:
.L3:
	.byte	2
	.long	124
	.byte	0
.Lnames7:
.L0:
	.byte	1
	.long	257
	.byte	0
.Lnames4:
.L6:
	.byte	2
	.long	205
	.byte	0
.Lnames5:
.L5:
	.byte	3
	.long	47
	.byte	0
.Lnames0:
.L2:
	.byte	2
	.long	120
	.byte	0
.Lnames2:
.L4:
	.byte	2
	.long	137
	.byte	0
.Lnames8:
.L1:
	.byte	1
	.long	283
	.byte	0
.Lnames3:
.L9:
	.byte	4
	.long	150
	.byte	0
	.p2align	2, 0x0
.Lnames_end0:
	.section	.BTF,"",@progbits
	.short	60319
	.byte	1
	.byte	0
	.long	24
	.long	0
	.long	484
	.long	484
	.long	441
	.long	0
	.long	33554432
	.long	3
	.long	1
	.long	16777216
	.long	4
	.long	16777248
	.long	0
	.long	50331648
	.long	0
	.long	2
	.long	4
	.long	1
	.long	5
	.long	16777216
	.long	4
	.long	32
	.long	0
	.long	33554432
	.long	6
	.long	25
	.long	16777216
	.long	2
	.long	16
	.long	0
	.long	33554432
	.long	8
	.long	40
	.long	67108868
	.long	20
	.long	56
	.long	10
	.long	0
	.long	58
	.long	6
	.long	128
	.long	63
	.long	9
	.long	144
	.long	70
	.long	9
	.long	152
	.long	74
	.long	16777216
	.long	1
	.long	8
	.long	0
	.long	50331648
	.long	0
	.long	9
	.long	4
	.long	16
	.long	0
	.long	33554432
	.long	12
	.long	0
	.long	50331648
	.long	0
	.long	2
	.long	4
	.long	4096
	.long	0
	.long	67108868
	.long	32
	.long	88
	.long	1
	.long	0
	.long	93
	.long	5
	.long	64
	.long	97
	.long	7
	.long	128
	.long	103
	.long	11
	.long	192
	.long	115
	.long	234881024
	.long	13
	.long	1
	.long	0
	.long	33554432
	.long	0
	.long	0
	.long	218103809
	.long	2
	.long	124
	.long	15
	.long	128
	.long	201326593
	.long	16
	.long	0
	.long	218103809
	.long	2
	.long	124
	.long	15
	.long	237
	.long	201326593
	.long	18
	.long	0
	.long	218103809
	.long	2
	.long	124
	.long	15
	.long	266
	.long	201326593
	.long	20
	.long	0
	.long	218103809
	.long	2
	.long	124
	.long	15
	.long	410
	.long	201326593
	.long	22
	.long	435
	.long	251658241
	.long	0
	.long	14
	.long	registry
	.long	32
	.byte	0
	.ascii	"int"
	.byte	0
	.ascii	"__ARRAY_SIZE_TYPE__"
	.byte	0
	.ascii	"unsigned short"
	.byte	0
	.ascii	"sc_endpoint_val"
	.byte	0
	.byte	98
	.byte	0
	.ascii	"port"
	.byte	0
	.ascii	"family"
	.byte	0
	.ascii	"pad"
	.byte	0
	.ascii	"unsigned char"
	.byte	0
	.ascii	"type"
	.byte	0
	.ascii	"key"
	.byte	0
	.ascii	"value"
	.byte	0
	.ascii	"max_entries"
	.byte	0
	.ascii	"registry"
	.byte	0
	.ascii	"ctx"
	.byte	0
	.ascii	"post_bind4"
	.byte	0
	.ascii	"cgroup/post_bind4"
	.byte	0
	.ascii	"examples/discovery.sp"
	.byte	0
	.ascii	"on post_bind in cgroup \"svc-y\": registry[src.port] = src;"
	.byte	0
	.ascii	"post_bind6"
	.byte	0
	.ascii	"cgroup/post_bind6"
	.byte	0
	.ascii	"connect4"
	.byte	0
	.ascii	"cgroup/connect4"
	.byte	0
	.ascii	"on connect in cgroup \"app-x\" {"
	.byte	0
	.ascii	"    if dst.ip == 127.0.0.1 and dst.port in registry { rewrite dst registry[dst.port]; }"
	.byte	0
	.ascii	"connect6"
	.byte	0
	.ascii	"cgroup/connect6"
	.byte	0
	.ascii	".maps"
	.byte	0
	.section	.BTF.ext,"",@progbits
	.short	60319
	.byte	1
	.byte	0
	.long	32
	.long	0
	.long	68
	.long	68
	.long	212
	.long	280
	.long	0
	.long	8
	.long	139
	.long	1
	.long	.Lfunc_begin0
	.long	17
	.long	248
	.long	1
	.long	.Lfunc_begin1
	.long	19
	.long	275
	.long	1
	.long	.Lfunc_begin2
	.long	21
	.long	419
	.long	1
	.long	.Lfunc_begin3
	.long	23
	.long	16
	.long	139
	.long	2
	.long	.Ltmp0
	.long	157
	.long	179
	.long	5153
	.long	.Ltmp3
	.long	157
	.long	179
	.long	5120
	.long	248
	.long	2
	.long	.Ltmp6
	.long	157
	.long	179
	.long	5153
	.long	.Ltmp17
	.long	157
	.long	179
	.long	5120
	.long	275
	.long	4
	.long	.Lfunc_begin2
	.long	157
	.long	291
	.long	6144
	.long	.Ltmp22
	.long	157
	.long	322
	.long	7173
	.long	.Ltmp27
	.long	157
	.long	322
	.long	7223
	.long	.Ltmp36
	.long	157
	.long	291
	.long	6144
	.long	419
	.long	3
	.long	.Ltmp39
	.long	157
	.long	322
	.long	7173
	.long	.Ltmp50
	.long	157
	.long	322
	.long	7223
	.long	.Ltmp51
	.long	157
	.long	291
	.long	6144
	.section	.debug_line,"",@progbits
.Lline_table_start0:
exit: 0
