	.text
	.file	"services.sp"
	.file	0 "examples" "services.sp"
	.section	"cgroup/connect4","ax",@progbits
	.globl	connect4
	.p2align	3
	.type	connect4,@function
connect4:
.Lfunc_begin0:
	.loc	0 9 0
	.cfi_sections .debug_frame
	.cfi_startproc
	r6 = r1
.Ltmp0:
.Ltmp1:
	.loc	0 10 5 prologue_end
.Ltmp2:
	w7 = *(u32 *)(r6 + 24)
	w8 = *(u32 *)(r6 + 4)
	w1 = 0
	*(u32 *)(r10 - 8) = w1
	r2 = r10
	r2 += -8
	r1 = rules__10__v4 ll
	call 1
	w1 = 1
	if r0 == 0 goto LBB0_9
.Ltmp3:
.Ltmp4:
	w1 = w8
	w1 *= -1640531535
	w1 ^= w7
	w1 *= -1640531535
	w1 >>= 28
	w1 *= 24
	r0 += r1
	w2 = *(u32 *)(r0 + 8)
	w1 = 1
	if w2 == 0 goto LBB0_9
.Ltmp5:
.Ltmp6:
	w1 = *(u32 *)(r0 + 0)
	if w1 != w8 goto LBB0_4
.Ltmp7:
.Ltmp8:
	r3 = r0
	r3 += 8
	w1 = *(u32 *)(r0 + 4)
	if w1 == w7 goto LBB0_7
.Ltmp9:
.Ltmp10:
LBB0_4:
	w2 = *(u32 *)(r0 + 32)
	w1 = 1
	if w2 == 0 goto LBB0_9
.Ltmp11:
.Ltmp12:
	w3 = *(u32 *)(r0 + 24)
	if w3 != w8 goto LBB0_9
.Ltmp13:
.Ltmp14:
	w4 = *(u32 *)(r0 + 28)
	r0 += 32
	r3 = r0
	if w4 != w7 goto LBB0_9
.Ltmp15:
.Ltmp16:
LBB0_7:
	.loc	0 0 5 is_stmt 0
	w1 = 0
	.loc	0 10 5
	if w2 == 2 goto LBB0_9
.Ltmp17:
.Ltmp18:
	w1 = *(u32 *)(r3 + 8)
	*(u32 *)(r6 + 4) = w1
	w1 = *(u32 *)(r3 + 12)
	*(u32 *)(r6 + 24) = w1
	w1 = 1
.Ltmp19:
.Ltmp20:
LBB0_9:
	.loc	0 9 0 is_stmt 1
.Ltmp21:
	w0 = w1
	exit
.Ltmp22:
.Ltmp23:
.Lfunc_end0:
	.size	connect4, .Lfunc_end0-connect4
	.cfi_endproc

	.section	"cgroup/connect6","ax",@progbits
	.globl	connect6
	.p2align	3
	.type	connect6,@function
connect6:
.Lfunc_begin1:
	.loc	0 9 0
	.cfi_startproc
	r6 = r1
.Ltmp24:
.Ltmp25:
	.loc	0 10 5 prologue_end
.Ltmp26:
	w1 = *(u32 *)(r6 + 24)
	*(u32 *)(r10 - 24) = w1
	w1 = *(u32 *)(r6 + 20)
	*(u32 *)(r10 - 16) = w1
	w9 = *(u32 *)(r6 + 16)
	w7 = *(u32 *)(r6 + 12)
	w8 = *(u32 *)(r6 + 8)
	w1 = 0
	*(u32 *)(r10 - 8) = w1
	w1 = w7
	w1 |= w8
	if w1 != 0 goto LBB1_11
.Ltmp27:
.Ltmp28:
	if w9 != -65536 goto LBB1_11
.Ltmp29:
.Ltmp30:
	.loc	0 0 5 is_stmt 0
	r2 = r10
	r2 += -8
	.loc	0 10 5
	r1 = rules__10__v4 ll
	call 1
	r2 = r0
	w0 = 1
	if r2 == 0 goto LBB1_21
.Ltmp31:
.Ltmp32:
	w1 = *(u32 *)(r10 - 16)
	w1 *= -1640531535
	w3 = *(u32 *)(r10 - 24)
	w1 ^= w3
	w1 *= -1640531535
	w1 >>= 28
	w1 *= 24
	r2 += r1
	w3 = *(u32 *)(r2 + 8)
	if w3 == 0 goto LBB1_21
.Ltmp33:
.Ltmp34:
	w1 = *(u32 *)(r2 + 0)
	w4 = *(u32 *)(r10 - 16)
	if w1 != w4 goto LBB1_6
.Ltmp35:
.Ltmp36:
	r1 = r2
	r1 += 8
	w4 = *(u32 *)(r2 + 4)
	w5 = *(u32 *)(r10 - 24)
	if w4 == w5 goto LBB1_9
.Ltmp37:
.Ltmp38:
LBB1_6:
	w3 = *(u32 *)(r2 + 32)
	if w3 == 0 goto LBB1_21
.Ltmp39:
.Ltmp40:
	w1 = *(u32 *)(r2 + 24)
	w4 = *(u32 *)(r10 - 16)
	if w1 != w4 goto LBB1_21
.Ltmp41:
.Ltmp42:
	w4 = *(u32 *)(r2 + 28)
	r2 += 32
	r1 = r2
	w2 = *(u32 *)(r10 - 24)
	if w4 != w2 goto LBB1_21
.Ltmp43:
.Ltmp44:
LBB1_9:
	.loc	0 0 5
	w0 = 0
	.loc	0 10 5
	if w3 == 2 goto LBB1_21
.Ltmp45:
.Ltmp46:
	w2 = *(u32 *)(r1 + 8)
	*(u32 *)(r6 + 20) = w2
	w2 = -65536
	*(u32 *)(r6 + 16) = w2
	w2 = 0
	*(u32 *)(r6 + 12) = w2
	*(u32 *)(r6 + 8) = w2
	r1 += 12
	goto LBB1_20
.Ltmp47:
.Ltmp48:
LBB1_11:
	.loc	0 0 5
	r2 = r10
	r2 += -8
	.loc	0 10 5
	r1 = rules__10__v6 ll
	call 1
	r1 = r0
	w0 = 1
	if r1 == 0 goto LBB1_21
.Ltmp49:
.Ltmp50:
	w2 = w8
	w2 *= -1640531535
	w2 ^= w7
	w2 *= -1640531535
	w2 ^= w9
	w2 *= -1640531535
	w3 = *(u32 *)(r10 - 16)
	w2 ^= w3
	w2 *= -1640531535
	w3 = *(u32 *)(r10 - 24)
	w2 ^= w3
	w2 *= -1640531535
	w2 >>= 30
	w2 *= 48
	r1 += r2
	w2 = *(u32 *)(r1 + 20)
	if w2 == 0 goto LBB1_21
.Ltmp51:
.Ltmp52:
	w3 = *(u32 *)(r1 + 0)
	if w3 != w8 goto LBB1_21
.Ltmp53:
.Ltmp54:
	w3 = *(u32 *)(r1 + 4)
	if w3 != w7 goto LBB1_21
.Ltmp55:
.Ltmp56:
	w3 = *(u32 *)(r1 + 8)
	if w3 != w9 goto LBB1_21
.Ltmp57:
.Ltmp58:
	w3 = *(u32 *)(r1 + 12)
	w4 = *(u32 *)(r10 - 16)
	if w3 != w4 goto LBB1_21
.Ltmp59:
.Ltmp60:
	w3 = *(u32 *)(r1 + 16)
	w4 = *(u32 *)(r10 - 24)
	if w3 != w4 goto LBB1_21
.Ltmp61:
.Ltmp62:
	.loc	0 0 5
	w0 = 0
	.loc	0 10 5
	if w2 == 2 goto LBB1_21
.Ltmp63:
.Ltmp64:
	w2 = *(u32 *)(r1 + 28)
	w3 = *(u32 *)(r1 + 32)
	w4 = *(u32 *)(r1 + 36)
	w5 = *(u32 *)(r1 + 40)
	*(u32 *)(r6 + 20) = w5
	*(u32 *)(r6 + 16) = w4
	*(u32 *)(r6 + 12) = w3
	*(u32 *)(r6 + 8) = w2
	r1 += 44
.Ltmp65:
.Ltmp66:
LBB1_20:
	w1 = *(u32 *)(r1 + 0)
	*(u32 *)(r6 + 24) = w1
	w0 = 1
.Ltmp67:
.Ltmp68:
LBB1_21:
	.loc	0 9 0 is_stmt 1
.Ltmp69:
	exit
.Ltmp70:
.Ltmp71:
.Lfunc_end1:
	.size	connect6, .Lfunc_end1-connect6
	.cfi_endproc

	.type	rules__10__v4,@object
	.section	.maps,"aw",@progbits
	.globl	rules__10__v4
	.p2align	3, 0x0
rules__10__v4:
	.zero	32
	.size	rules__10__v4, 32

	.type	rules__10__v6,@object
	.globl	rules__10__v6
	.p2align	3, 0x0
rules__10__v6:
	.zero	32
	.size	rules__10__v6, 32

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
	.asciz	"sockc-object 1\ncompiler 0.1.0\npolicy services\nsource examples/services.sp\nprog connect4 cgroup/connect4 connect 4 cgroup:\nprog connect6 cgroup/connect6 connect 6 cgroup:\nmap rules__10__v4 array u32 probe 1 set\nmap rules__10__v6 array u32 probe 1 set\nfill rules__10__v4 00000000 0a60000b0050000003000000000000007f0000011f9100000a60000f2382000003000000000000007f000001238200000a60000e1538000003000000000000007f0000011538z50.0a60000c01bb000003000000000000007f00000120fbz26.0a60000d18eb000003000000000000007f00000118ebz50.0a60000a0050000003000000000000007f0000011f9000000a6000112bcb000003000000000000007f0000012bcbz74.0a6000100050000002z63.\nfill rules__10__v6 00000000 z48.fd000096z11.160050000002z27.fd000096z11.100050000003z22.011f90z98.\nrule connect4 10\nrule connect4 11\nrule connect4 12\nrule connect4 13\nrule connect4 14\nrule connect4 15\nrule connect4 16\nrule connect4 17\nrule connect4 18\nrule connect4 19\nrule connect6 10\nrule connect6 11\nrule connect6 12\nrule connect6 13\nrule connect6 14\nrule connect6 15\nrule connect6 16\nrule connect6 17\nrule connect6 18\nrule connect6 19\n"
	.size	__sockc_meta, 1077

	.section	.debug_loclists,"",@progbits
	.long	.Ldebug_list_header_end0-.Ldebug_list_header_start0
.Ldebug_list_header_start0:
	.short	5
	.byte	8
	.byte	0
	.long	2
.Lloclists_table_base0:
	.long	.Ldebug_loc0-.Lloclists_table_base0
	.long	.Ldebug_loc1-.Lloclists_table_base0
.Ldebug_loc0:
	.byte	1
	.byte	2
	.byte	4
	.uleb128 .Lfunc_begin0-.Lfunc_begin0
	.uleb128 .Ltmp0-.Lfunc_begin0
	.byte	1
	.byte	81
	.byte	4
	.uleb128 .Ltmp0-.Lfunc_begin0
	.uleb128 .Lfunc_end0-.Lfunc_begin0
	.byte	1
	.byte	86
	.byte	0
.Ldebug_loc1:
	.byte	1
	.byte	3
	.byte	4
	.uleb128 .Lfunc_begin1-.Lfunc_begin1
	.uleb128 .Ltmp24-.Lfunc_begin1
	.byte	1
	.byte	81
	.byte	4
	.uleb128 .Ltmp24-.Lfunc_begin1
	.uleb128 .Lfunc_end1-.Lfunc_begin1
	.byte	1
	.byte	86
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
	.byte	5
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
	.byte	13
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
	.byte	14
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
	.byte	15
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
	.byte	10
	.byte	2
	.byte	161
	.byte	0
	.byte	3
	.byte	32
	.byte	0
	.byte	10
	.byte	4
	.byte	4
	.long	99
	.byte	0
	.byte	10
	.byte	0
	.byte	4
	.byte	7
	.long	128
	.byte	0
	.byte	10
	.byte	8
	.byte	4
	.byte	9
	.long	141
	.byte	0
	.byte	10
	.byte	16
	.byte	4
	.byte	13
	.long	184
	.byte	0
	.byte	10
	.byte	24
	.byte	0
	.byte	5
	.long	108
	.long	0
	.byte	6
	.long	120
	.byte	7
	.long	124
	.byte	2
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
	.byte	4
	.byte	5
	.long	150
	.long	0
	.byte	10
	.byte	12
	.short	432
	.byte	0
	.byte	10
	.byte	1
	.byte	4
	.byte	10
	.long	167
	.byte	0
	.byte	10
	.byte	0
	.byte	0
	.byte	6
	.long	180
	.byte	11
	.long	124
	.short	432
	.byte	0
	.byte	8
	.byte	11
	.byte	8
	.byte	1
	.byte	5
	.long	193
	.long	0
	.byte	6
	.long	120
	.byte	7
	.long	124
	.byte	1
	.byte	0
	.byte	2
	.byte	14
	.long	216

	.byte	0
	.byte	10
	.byte	2
	.byte	161
	.byte	1
	.byte	3
	.byte	32
	.byte	0
	.byte	10
	.byte	4
	.byte	4
	.long	99
	.byte	0
	.byte	10
	.byte	0
	.byte	4
	.byte	7
	.long	128
	.byte	0
	.byte	10
	.byte	8
	.byte	4
	.byte	9
	.long	257
	.byte	0
	.byte	10
	.byte	16
	.byte	4
	.byte	13
	.long	184
	.byte	0
	.byte	10
	.byte	24
	.byte	0
	.byte	5
	.long	266
	.long	0
	.byte	12
	.byte	12
	.byte	240
	.byte	0
	.byte	10
	.byte	1
	.byte	4
	.byte	10
	.long	282
	.byte	0
	.byte	10
	.byte	0
	.byte	0
	.byte	6
	.long	180
	.byte	7
	.long	124
	.byte	240
	.byte	0
	.byte	13
	.byte	2
	.long	.Lfunc_end0-.Lfunc_begin0
	.byte	1
	.byte	90
	.byte	15
	.byte	15
	.byte	0
	.byte	9

	.long	120

	.byte	14
	.byte	0
	.byte	17
	.byte	0
	.byte	9
	.long	346
	.byte	0
	.byte	13
	.byte	3
	.long	.Lfunc_end1-.Lfunc_begin1
	.byte	1
	.byte	90
	.byte	16
	.byte	16
	.byte	0
	.byte	9

	.long	120

	.byte	14
	.byte	1
	.byte	17
	.byte	0
	.byte	9
	.long	346
	.byte	0
	.byte	15
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
	.byte	2
	.uleb128 .Lfunc_end0-.Lfunc_begin0
	.byte	3
	.byte	3
	.uleb128 .Lfunc_end1-.Lfunc_begin1
	.byte	0
.Ldebug_list_header_end1:
	.section	.debug_str_offsets,"",@progbits
	.long	76
	.short	5
	.short	0
.Lstr_offsets_base0:
	.section	.debug_str,"MS",@progbits,1
.Linfo_string0:
	.asciz	"sockc"
.Linfo_string1:
	.asciz	"services.sp"
.Linfo_string2:
	.asciz	"examples"
.Linfo_string3:
	.asciz	"rules__10__v4"
.Linfo_string4:
	.asciz	"type"
.Linfo_string5:
	.asciz	"int"
.Linfo_string6:
	.asciz	"__ARRAY_SIZE_TYPE__"
.Linfo_string7:
	.asciz	"key"
.Linfo_string8:
	.asciz	"unsigned int"
.Linfo_string9:
	.asciz	"value"
.Linfo_string10:
	.asciz	"sc_probe"
.Linfo_string11:
	.asciz	"b"
.Linfo_string12:
	.asciz	"unsigned char"
.Linfo_string13:
	.asciz	"max_entries"
.Linfo_string14:
	.asciz	"rules__10__v6"
.Linfo_string15:
	.asciz	"connect4"
.Linfo_string16:
	.asciz	"connect6"
.Linfo_string17:
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
	.long	.Linfo_string10
	.long	.Linfo_string13
	.long	.Linfo_string14
	.long	.Linfo_string15
	.long	.Linfo_string16
	.long	.Linfo_string17
	.section	.debug_addr,"",@progbits
	.long	.Ldebug_addr_end0-.Ldebug_addr_start0
.Ldebug_addr_start0:
	.short	5
	.byte	8
	.byte	0
.Laddr_table_base0:
	.quad	rules__10__v4
	.quad	rules__10__v6
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
	.long	9
	.long	9
	.long	.Lnames_abbrev_end0-.Lnames_abbrev_start0
	.long	8
	.ascii	"LLVM0700"
	.long	.Lcu_begin0
	.long	1
	.long	0
	.long	2
	.long	0
	.long	4
	.long	6
	.long	8
	.long	0
	.long	9
	.long	1204854354
	.long	115826807
	.long	193495088
	.long	115826809
	.long	1111492579
	.long	-1304652851
	.long	-104093792
	.long	1111492581
	.long	217009403
	.long	.Linfo_string10
	.long	.Linfo_string3
	.long	.Linfo_string5
	.long	.Linfo_string14
	.long	.Linfo_string15
	.long	.Linfo_string8
	.long	.Linfo_string12
	.long	.Linfo_string16
	.long	.Linfo_string6
	.long	.Lnames3-.Lnames_entries0
	.long	.Lnames5-.Lnames_entries0
	.long	.Lnames0-.Lnames_entries0
	.long	.Lnames6-.Lnames_entries0
	.long	.Lnames7-.Lnames_entries0
	.long	.Lnames2-.Lnames_entries0
	.long	.Lnames4-.Lnames_entries0
	.long	.Lnames8-.Lnames_entries0
	.long	.Lnames1-.Lnames_entries0
.Lnames_abbrev_start0:
	.byte	1
	.byte	19
	.byte	3
	.byte	19
	.byte	4
	.byte	25
	.byte	0
	.byte	0
	.byte	2
	.byte	52
	.byte	3
	.byte	19
	.byte	4
	.byte	25
	.byte	0
	.byte	0
	.byte	3
	.byte	36
	.byte	3
	.byte	19
	.byte	4
	.byte	25
	.byte	0
	.byte	0
	.byte	4
	.byte	46
	.byte	3
	.byte	19
	.byte	4
	.byte	25
	.byte	0
	.byte	0
	.byte	0
.Lnames_abbrev_end0:
.Lnames_entries0:
.Lnames3:
.L9:
	.byte	1
	.long	150
.L7:
	.byte	1
	.long	266
	.byte	0
.Lnames5:
.L4:
	.byte	2
	.long	47
	.byte	0
.Lnames0:
.L0:
	.byte	3
	.long	120
	.byte	0
.Lnames6:
.L5:
	.byte	2
	.long	205
	.byte	0
.Lnames7:
.L8:
	.byte	4
	.long	294
	.byte	0
.Lnames2:
.L2:
	.byte	3
	.long	137
	.byte	0
.Lnames4:
.L6:
	.byte	3
	.long	180
	.byte	0
.Lnames8:
.L1:
	.byte	4
	.long	320
	.byte	0
.Lnames1:
.L3:
	.byte	3
	.long	124
	.byte	0
	.p2align	2, 0x0
.Lnames_end0:
	.section	.BTF,"",@progbits
	.short	60319
	.byte	1
	.byte	0
	.long	24
	.long	0
	.long	532
	.long	532
	.long	282
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
	.long	2
	.long	5
	.long	16777216
	.long	4
	.long	32
	.long	0
	.long	33554432
	.long	6
	.long	25
	.long	16777216
	.long	4
	.long	32
	.long	0
	.long	33554432
	.long	8
	.long	38
	.long	67108865
	.long	432
	.long	47
	.long	10
	.long	0
	.long	49
	.long	16777216
	.long	1
	.long	8
	.long	0
	.long	50331648
	.long	0
	.long	9
	.long	4
	.long	432
	.long	0
	.long	33554432
	.long	12
	.long	0
	.long	50331648
	.long	0
	.long	2
	.long	4
	.long	1
	.long	0
	.long	67108868
	.long	32
	.long	63
	.long	1
	.long	0
	.long	68
	.long	5
	.long	64
	.long	72
	.long	7
	.long	128
	.long	78
	.long	11
	.long	192
	.long	90
	.long	234881024
	.long	13
	.long	1
	.long	0
	.long	33554432
	.long	16
	.long	38
	.long	67108865
	.long	240
	.long	47
	.long	17
	.long	0
	.long	0
	.long	50331648
	.long	0
	.long	9
	.long	4
	.long	240
	.long	0
	.long	67108868
	.long	32
	.long	63
	.long	1
	.long	0
	.long	68
	.long	5
	.long	64
	.long	72
	.long	15
	.long	128
	.long	78
	.long	11
	.long	192
	.long	104
	.long	234881024
	.long	18
	.long	1
	.long	0
	.long	33554432
	.long	0
	.long	0
	.long	218103809
	.long	2
	.long	118
	.long	20
	.long	122
	.long	201326593
	.long	21
	.long	0
	.long	218103809
	.long	2
	.long	118
	.long	20
	.long	251
	.long	201326593
	.long	23
	.long	276
	.long	251658242
	.long	0
	.long	14
	.long	rules__10__v4
	.long	32
	.long	19
	.long	rules__10__v6
	.long	32
	.byte	0
	.ascii	"int"
	.byte	0
	.ascii	"__ARRAY_SIZE_TYPE__"
	.byte	0
	.ascii	"unsigned int"
	.byte	0
	.ascii	"sc_probe"
	.byte	0
	.byte	98
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
	.ascii	"rules__10__v4"
	.byte	0
	.ascii	"rules__10__v6"
	.byte	0
	.ascii	"ctx"
	.byte	0
	.ascii	"connect4"
	.byte	0
	.ascii	"cgroup/connect4"
	.byte	0
	.ascii	"examples/services.sp"
	.byte	0
	.ascii	"on connect {"
	.byte	0
	.ascii	"    if dst == 10.96.0.10:80 { rewrite dst 127.0.0.1:8080; }     # web"
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
	.long	36
	.long	36
	.long	116
	.long	152
	.long	0
	.long	8
	.long	131
	.long	1
	.long	.Lfunc_begin0
	.long	22
	.long	260
	.long	1
	.long	.Lfunc_begin1
	.long	24
	.long	16
	.long	131
	.long	3
	.long	.Lfunc_begin0
	.long	147
	.long	168
	.long	9216
	.long	.Ltmp2
	.long	147
	.long	181
	.long	10245
	.long	.Ltmp21
	.long	147
	.long	168
	.long	9216
	.long	260
	.long	3
	.long	.Lfunc_begin1
	.long	147
	.long	168
	.long	9216
	.long	.Ltmp26
	.long	147
	.long	181
	.long	10245
	.long	.Ltmp69
	.long	147
	.long	168
	.long	9216
	.section	.debug_line,"",@progbits
.Lline_table_start0:
exit: 0
