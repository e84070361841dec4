	.text
	.file	"atomics.c"
	.file	0 "." "atomics.c" md5 0x5cfdc130c89fe7ee9213a65b99e32c71
	.file	1 "/usr/include/asm-generic" "int-ll64.h" md5 0xb810f270733e106319b67ef512c6246e
	.section	xdp,"ax",@progbits
	.globl	atomics                         # -- Begin function atomics
	.p2align	3
	.type	atomics,@function
atomics:                                # @atomics
.Lfunc_begin0:
	.cfi_sections .debug_frame
	.cfi_startproc
# %bb.0:
	#DEBUG_VALUE: atomics:ctx <- $r1
	.loc	0 12 17 prologue_end            # atomics.c:12:17
.Ltmp0:
	w4 = *(u32 *)(r1 + 0)
.Ltmp1:
.Ltmp2:
	#DEBUG_VALUE: atomics:w <- $w4
	.loc	0 11 17                         # atomics.c:11:17
.Ltmp3:
	w3 = *(u32 *)(r1 + 4)
.Ltmp4:
.Ltmp5:
	#DEBUG_VALUE: atomics:v <- $r3
	.loc	0 13 2                          # atomics.c:13:2
.Ltmp6:
	r5 = g64 ll
	r1 = r3
.Ltmp7:
.Ltmp8:
	lock *(u64 *)(r5 + 0) += r1
	.loc	0 14 2                          # atomics.c:14:2
.Ltmp9:
	r1 = r3
	lock *(u64 *)(r5 + 0) |= r1
	.loc	0 15 2                          # atomics.c:15:2
.Ltmp10:
	r1 = r3
	lock *(u64 *)(r5 + 0) &= r1
	.loc	0 16 2                          # atomics.c:16:2
.Ltmp11:
	r1 = r3
	lock *(u64 *)(r5 + 0) ^= r1
	.loc	0 17 2                          # atomics.c:17:2
.Ltmp12:
	r6 = g32 ll
	w1 = w4
	lock *(u32 *)(r6 + 0) += w1
	.loc	0 18 2                          # atomics.c:18:2
.Ltmp13:
	w1 = w4
	lock *(u32 *)(r6 + 0) |= w1
	.loc	0 19 2                          # atomics.c:19:2
.Ltmp14:
	w1 = w4
	lock *(u32 *)(r6 + 0) &= w1
	.loc	0 20 2                          # atomics.c:20:2
.Ltmp15:
	w1 = w4
	lock *(u32 *)(r6 + 0) ^= w1
	r1 = 3
	.loc	0 21 12                         # atomics.c:21:12
.Ltmp16:
	r1 = atomic_fetch_add((u64 *)(r5 + 0), r1)
.Ltmp17:
.Ltmp18:
	#DEBUG_VALUE: atomics:a <- $r1
	.loc	0 22 7                          # atomics.c:22:7
.Ltmp19:
	r2 = r3
	r2 = atomic_fetch_or((u64 *)(r5 + 0), r2)
	.loc	0 22 4 is_stmt 0                # atomics.c:22:4
.Ltmp20:
	r2 += r1
.Ltmp21:
.Ltmp22:
	#DEBUG_VALUE: atomics:a <- $r2
	.loc	0 23 7 is_stmt 1                # atomics.c:23:7
.Ltmp23:
	r1 = r3
	r1 = atomic_fetch_and((u64 *)(r5 + 0), r1)
	.loc	0 23 4 is_stmt 0                # atomics.c:23:4
.Ltmp24:
	r2 += r1
.Ltmp25:
.Ltmp26:
	#DEBUG_VALUE: atomics:a <- $r2
	.loc	0 24 7 is_stmt 1                # atomics.c:24:7
.Ltmp27:
	r1 = r3
	r1 = atomic_fetch_xor((u64 *)(r5 + 0), r1)
	.loc	0 24 4 is_stmt 0                # atomics.c:24:4
.Ltmp28:
	r2 += r1
.Ltmp29:
.Ltmp30:
	#DEBUG_VALUE: atomics:a <- $r2
	.loc	0 0 4                           # atomics.c:0:4
	w0 = 3
	.loc	0 25 12 is_stmt 1               # atomics.c:25:12
.Ltmp31:
	w0 = atomic_fetch_add((u32 *)(r6 + 0), w0)
.Ltmp32:
.Ltmp33:
	#DEBUG_VALUE: atomics:b <- $w0
	.loc	0 26 7                          # atomics.c:26:7
.Ltmp34:
	w7 = w4
	w7 = atomic_fetch_or((u32 *)(r6 + 0), w7)
	.loc	0 27 7                          # atomics.c:27:7
.Ltmp35:
	w8 = w4
	w8 = atomic_fetch_and((u32 *)(r6 + 0), w8)
	.loc	0 28 7                          # atomics.c:28:7
.Ltmp36:
	w9 = w4
	w9 = atomic_fetch_xor((u32 *)(r6 + 0), w9)
	.loc	0 29 7                          # atomics.c:29:7
.Ltmp37:
	r1 = r2
	r1 = xchg_64(r5 + 0, r1)
	.loc	0 29 4 is_stmt 0                # atomics.c:29:4
.Ltmp38:
	r1 += r2
.Ltmp39:
.Ltmp40:
	#DEBUG_VALUE: atomics:a <- $r1
	.loc	0 26 4 is_stmt 1                # atomics.c:26:4
.Ltmp41:
	w7 += w0
.Ltmp42:
.Ltmp43:
	#DEBUG_VALUE: atomics:b <- $w7
	.loc	0 27 4                          # atomics.c:27:4
.Ltmp44:
	w7 += w8
.Ltmp45:
.Ltmp46:
	#DEBUG_VALUE: atomics:b <- $w7
	.loc	0 28 4                          # atomics.c:28:4
.Ltmp47:
	w7 += w9
.Ltmp48:
.Ltmp49:
	#DEBUG_VALUE: atomics:b <- $w7
	.loc	0 30 7                          # atomics.c:30:7
.Ltmp50:
	w2 = w7
	w2 = xchg32_32(r6 + 0, w2)
	.loc	0 31 7                          # atomics.c:31:7
.Ltmp51:
	r0 = r1
	r0 = cmpxchg_64(r5 + 0, r0, r3)
	r3 = r0
.Ltmp52:
.Ltmp53:
	.loc	0 30 4                          # atomics.c:30:4
.Ltmp54:
	w2 += w7
.Ltmp55:
.Ltmp56:
	#DEBUG_VALUE: atomics:b <- $w2
	#DEBUG_VALUE: atomics:a <- undef
	.loc	0 32 7                          # atomics.c:32:7
.Ltmp57:
	w0 = w2
	w0 = cmpxchg32_32(r6 + 0, w0, w4)
	.loc	0 31 4                          # atomics.c:31:4
.Ltmp58:
	w3 += w1
	.loc	0 32 4                          # atomics.c:32:4
.Ltmp59:
	w0 += w2
.Ltmp60:
.Ltmp61:
	#DEBUG_VALUE: atomics:b <- $w0
	.loc	0 33 9                          # atomics.c:33:9
.Ltmp62:
	w0 += w3
.Ltmp63:
.Ltmp64:
	.loc	0 33 2 is_stmt 0                # atomics.c:33:2
.Ltmp65:
	exit
.Ltmp66:
.Ltmp67:
.Lfunc_end0:
	.size	atomics, .Lfunc_end0-atomics
	.cfi_endproc
                                        # -- End function
	.type	g64,@object                     # @g64
	.section	.bss,"aw",@nobits
	.globl	g64
	.p2align	3, 0x0
g64:
	.quad	0                               # 0x0
	.size	g64, 8

	.type	g32,@object                     # @g32
	.globl	g32
	.p2align	2, 0x0
g32:
	.long	0                               # 0x0
	.size	g32, 4

	.type	LICENSE,@object                 # @LICENSE
	.section	license,"aw",@progbits
	.globl	LICENSE
LICENSE:
	.asciz	"GPL"
	.size	LICENSE, 4

	.file	2 "/usr/include/linux" "bpf.h" md5 0x8ab7bf195d20e2851bf1a9e5b71245ca
	.section	.debug_loclists,"",@progbits
	.long	.Ldebug_list_header_end0-.Ldebug_list_header_start0 # Length
.Ldebug_list_header_start0:
	.short	5                               # Version
	.byte	8                               # Address size
	.byte	0                               # Segment selector size
	.long	5                               # Offset entry count
.Lloclists_table_base0:
	.long	.Ldebug_loc0-.Lloclists_table_base0
	.long	.Ldebug_loc1-.Lloclists_table_base0
	.long	.Ldebug_loc2-.Lloclists_table_base0
	.long	.Ldebug_loc3-.Lloclists_table_base0
	.long	.Ldebug_loc4-.Lloclists_table_base0
.Ldebug_loc0:
	.byte	4                               # DW_LLE_offset_pair
	.uleb128 .Lfunc_begin0-.Lfunc_begin0    #   starting offset
	.uleb128 .Ltmp7-.Lfunc_begin0           #   ending offset
	.byte	1                               # Loc expr size
	.byte	81                              # DW_OP_reg1
	.byte	0                               # DW_LLE_end_of_list
.Ldebug_loc1:
	.byte	4                               # DW_LLE_offset_pair
	.uleb128 .Ltmp1-.Lfunc_begin0           #   starting offset
	.uleb128 .Lfunc_end0-.Lfunc_begin0      #   ending offset
	.byte	1                               # Loc expr size
	.byte	84                              # DW_OP_reg4
	.byte	0                               # DW_LLE_end_of_list
.Ldebug_loc2:
	.byte	4                               # DW_LLE_offset_pair
	.uleb128 .Ltmp4-.Lfunc_begin0           #   starting offset
	.uleb128 .Ltmp52-.Lfunc_begin0          #   ending offset
	.byte	1                               # Loc expr size
	.byte	83                              # DW_OP_reg3
	.byte	0                               # DW_LLE_end_of_list
.Ldebug_loc3:
	.byte	4                               # DW_LLE_offset_pair
	.uleb128 .Ltmp17-.Lfunc_begin0          #   starting offset
	.uleb128 .Ltmp21-.Lfunc_begin0          #   ending offset
	.byte	1                               # Loc expr size
	.byte	81                              # DW_OP_reg1
	.byte	4                               # DW_LLE_offset_pair
	.uleb128 .Ltmp21-.Lfunc_begin0          #   starting offset
	.uleb128 .Ltmp39-.Lfunc_begin0          #   ending offset
	.byte	1                               # Loc expr size
	.byte	82                              # DW_OP_reg2
	.byte	4                               # DW_LLE_offset_pair
	.uleb128 .Ltmp39-.Lfunc_begin0          #   starting offset
	.uleb128 .Ltmp55-.Lfunc_begin0          #   ending offset
	.byte	1                               # Loc expr size
	.byte	81                              # DW_OP_reg1
	.byte	0                               # DW_LLE_end_of_list
.Ldebug_loc4:
	.byte	4                               # DW_LLE_offset_pair
	.uleb128 .Ltmp32-.Lfunc_begin0          #   starting offset
	.uleb128 .Ltmp42-.Lfunc_begin0          #   ending offset
	.byte	1                               # Loc expr size
	.byte	80                              # DW_OP_reg0
	.byte	4                               # DW_LLE_offset_pair
	.uleb128 .Ltmp42-.Lfunc_begin0          #   starting offset
	.uleb128 .Ltmp55-.Lfunc_begin0          #   ending offset
	.byte	1                               # Loc expr size
	.byte	87                              # DW_OP_reg7
	.byte	4                               # DW_LLE_offset_pair
	.uleb128 .Ltmp55-.Lfunc_begin0          #   starting offset
	.uleb128 .Ltmp60-.Lfunc_begin0          #   ending offset
	.byte	1                               # Loc expr size
	.byte	82                              # DW_OP_reg2
	.byte	4                               # DW_LLE_offset_pair
	.uleb128 .Ltmp60-.Lfunc_begin0          #   starting offset
	.uleb128 .Ltmp63-.Lfunc_begin0          #   ending offset
	.byte	1                               # Loc expr size
	.byte	80                              # DW_OP_reg0
	.byte	0                               # DW_LLE_end_of_list
.Ldebug_list_header_end0:
	.section	.debug_abbrev,"",@progbits
	.byte	1                               # Abbreviation Code
	.byte	17                              # DW_TAG_compile_unit
	.byte	1                               # DW_CHILDREN_yes
	.byte	37                              # DW_AT_producer
	.byte	37                              # DW_FORM_strx1
	.byte	19                              # DW_AT_language
	.byte	5                               # DW_FORM_data2
	.byte	3                               # DW_AT_name
	.byte	37                              # DW_FORM_strx1
	.byte	114                             # DW_AT_str_offsets_base
	.byte	23                              # DW_FORM_sec_offset
	.byte	16                              # DW_AT_stmt_list
	.byte	23                              # DW_FORM_sec_offset
	.byte	27                              # DW_AT_comp_dir
	.byte	37                              # DW_FORM_strx1
	.byte	17                              # DW_AT_low_pc
	.byte	27                              # DW_FORM_addrx
	.byte	18                              # DW_AT_high_pc
	.byte	6                               # DW_FORM_data4
	.byte	115                             # DW_AT_addr_base
	.byte	23                              # DW_FORM_sec_offset
	.ascii	"\214\001"                      # DW_AT_loclists_base
	.byte	23                              # DW_FORM_sec_offset
	.byte	0                               # EOM(1)
	.byte	0                               # EOM(2)
	.byte	2                               # Abbreviation Code
	.byte	52                              # DW_TAG_variable
	.byte	0                               # DW_CHILDREN_no
	.byte	3                               # DW_AT_name
	.byte	37                              # DW_FORM_strx1
	.byte	73                              # DW_AT_type
	.byte	19                              # DW_FORM_ref4
	.byte	63                              # DW_AT_external
	.byte	25                              # DW_FORM_flag_present
	.byte	58                              # DW_AT_decl_file
	.byte	11                              # DW_FORM_data1
	.byte	59                              # DW_AT_decl_line
	.byte	11                              # DW_FORM_data1
	.byte	2                               # DW_AT_location
	.byte	24                              # DW_FORM_exprloc
	.byte	0                               # EOM(1)
	.byte	0                               # EOM(2)
	.byte	3                               # Abbreviation Code
	.byte	1                               # DW_TAG_array_type
	.byte	1                               # DW_CHILDREN_yes
	.byte	73                              # DW_AT_type
	.byte	19                              # DW_FORM_ref4
	.byte	0                               # EOM(1)
	.byte	0                               # EOM(2)
	.byte	4                               # Abbreviation Code
	.byte	33                              # DW_TAG_subrange_type
	.byte	0                               # DW_CHILDREN_no
	.byte	73                              # DW_AT_type
	.byte	19                              # DW_FORM_ref4
	.byte	55                              # DW_AT_count
	.byte	11                              # DW_FORM_data1
	.byte	0                               # EOM(1)
	.byte	0                               # EOM(2)
	.byte	5                               # Abbreviation Code
	.byte	36                              # DW_TAG_base_type
	.byte	0                               # DW_CHILDREN_no
	.byte	3                               # DW_AT_name
	.byte	37                              # DW_FORM_strx1
	.byte	62                              # DW_AT_encoding
	.byte	11                              # DW_FORM_data1
	.byte	11                              # DW_AT_byte_size
	.byte	11                              # DW_FORM_data1
	.byte	0                               # EOM(1)
	.byte	0                               # EOM(2)
	.byte	6                               # Abbreviation Code
	.byte	36                              # DW_TAG_base_type
	.byte	0                               # DW_CHILDREN_no
	.byte	3                               # DW_AT_name
	.byte	37                              # DW_FORM_strx1
	.byte	11                              # DW_AT_byte_size
	.byte	11                              # DW_FORM_data1
	.byte	62                              # DW_AT_encoding
	.byte	11                              # DW_FORM_data1
	.byte	0                               # EOM(1)
	.byte	0                               # EOM(2)
	.byte	7                               # Abbreviation Code
	.byte	22                              # DW_TAG_typedef
	.byte	0                               # DW_CHILDREN_no
	.byte	73                              # DW_AT_type
	.byte	19                              # DW_FORM_ref4
	.byte	3                               # DW_AT_name
	.byte	37                              # DW_FORM_strx1
	.byte	58                              # DW_AT_decl_file
	.byte	11                              # DW_FORM_data1
	.byte	59                              # DW_AT_decl_line
	.byte	11                              # DW_FORM_data1
	.byte	0                               # EOM(1)
	.byte	0                               # EOM(2)
	.byte	8                               # Abbreviation Code
	.byte	46                              # DW_TAG_subprogram
	.byte	1                               # DW_CHILDREN_yes
	.byte	17                              # DW_AT_low_pc
	.byte	27                              # DW_FORM_addrx
	.byte	18                              # DW_AT_high_pc
	.byte	6                               # DW_FORM_data4
	.byte	64                              # DW_AT_frame_base
	.byte	24                              # DW_FORM_exprloc
	.byte	122                             # DW_AT_call_all_calls
	.byte	25                              # DW_FORM_flag_present
	.byte	3                               # DW_AT_name
	.byte	37                              # DW_FORM_strx1
	.byte	58                              # DW_AT_decl_file
	.byte	11                              # DW_FORM_data1
	.byte	59                              # DW_AT_decl_line
	.byte	11                              # DW_FORM_data1
	.byte	39                              # DW_AT_prototyped
	.byte	25                              # DW_FORM_flag_present
	.byte	73                              # DW_AT_type
	.byte	19                              # DW_FORM_ref4
	.byte	63                              # DW_AT_external
	.byte	25                              # DW_FORM_flag_present
	.byte	0                               # EOM(1)
	.byte	0                               # EOM(2)
	.byte	9                               # Abbreviation Code
	.byte	5                               # DW_TAG_formal_parameter
	.byte	0                               # DW_CHILDREN_no
	.byte	2                               # DW_AT_location
	.byte	34                              # DW_FORM_loclistx
	.byte	3                               # DW_AT_name
	.byte	37                              # DW_FORM_strx1
	.byte	58                              # DW_AT_decl_file
	.byte	11                              # DW_FORM_data1
	.byte	59                              # DW_AT_decl_line
	.byte	11                              # DW_FORM_data1
	.byte	73                              # DW_AT_type
	.byte	19                              # DW_FORM_ref4
	.byte	0                               # EOM(1)
	.byte	0                               # EOM(2)
	.byte	10                              # Abbreviation Code
	.byte	52                              # DW_TAG_variable
	.byte	0                               # DW_CHILDREN_no
	.byte	2                               # DW_AT_location
	.byte	34                              # DW_FORM_loclistx
	.byte	3                               # DW_AT_name
	.byte	37                              # DW_FORM_strx1
	.byte	58                              # DW_AT_decl_file
	.byte	11                              # DW_FORM_data1
	.byte	59                              # DW_AT_decl_line
	.byte	11                              # DW_FORM_data1
	.byte	73                              # DW_AT_type
	.byte	19                              # DW_FORM_ref4
	.byte	0                               # EOM(1)
	.byte	0                               # EOM(2)
	.byte	11                              # Abbreviation Code
	.byte	15                              # DW_TAG_pointer_type
	.byte	0                               # DW_CHILDREN_no
	.byte	73                              # DW_AT_type
	.byte	19                              # DW_FORM_ref4
	.byte	0                               # EOM(1)
	.byte	0                               # EOM(2)
	.byte	12                              # Abbreviation Code
	.byte	19                              # DW_TAG_structure_type
	.byte	1                               # DW_CHILDREN_yes
	.byte	3                               # DW_AT_name
	.byte	37                              # DW_FORM_strx1
	.byte	11                              # DW_AT_byte_size
	.byte	11                              # DW_FORM_data1
	.byte	58                              # DW_AT_decl_file
	.byte	11                              # DW_FORM_data1
	.byte	59                              # DW_AT_decl_line
	.byte	5                               # DW_FORM_data2
	.byte	0                               # EOM(1)
	.byte	0                               # EOM(2)
	.byte	13                              # Abbreviation Code
	.byte	13                              # DW_TAG_member
	.byte	0                               # DW_CHILDREN_no
	.byte	3                               # DW_AT_name
	.byte	37                              # DW_FORM_strx1
	.byte	73                              # DW_AT_type
	.byte	19                              # DW_FORM_ref4
	.byte	58                              # DW_AT_decl_file
	.byte	11                              # DW_FORM_data1
	.byte	59                              # DW_AT_decl_line
	.byte	5                               # DW_FORM_data2
	.byte	56                              # DW_AT_data_member_location
	.byte	11                              # DW_FORM_data1
	.byte	0                               # EOM(1)
	.byte	0                               # EOM(2)
	.byte	0                               # EOM(3)
	.section	.debug_info,"",@progbits
.Lcu_begin0:
	.long	.Ldebug_info_end0-.Ldebug_info_start0 # Length of Unit
.Ldebug_info_start0:
	.short	5                               # DWARF version number
	.byte	1                               # DWARF Unit Type
	.byte	8                               # Address Size (in bytes)
	.long	.debug_abbrev                   # Offset Into Abbrev. Section
	.byte	1                               # Abbrev [1] 0xc:0xf2 DW_TAG_compile_unit
	.byte	0                               # DW_AT_producer
	.short	29                              # DW_AT_language
	.byte	1                               # DW_AT_name
	.long	.Lstr_offsets_base0             # DW_AT_str_offsets_base
	.long	.Lline_table_start0             # DW_AT_stmt_list
	.byte	2                               # DW_AT_comp_dir
	.byte	3                               # DW_AT_low_pc
	.long	.Lfunc_end0-.Lfunc_begin0       # DW_AT_high_pc
	.long	.Laddr_table_base0              # DW_AT_addr_base
	.long	.Lloclists_table_base0          # DW_AT_loclists_base
	.byte	2                               # Abbrev [2] 0x27:0xb DW_TAG_variable
	.byte	3                               # DW_AT_name
	.long	50                              # DW_AT_type
                                        # DW_AT_external
	.byte	0                               # DW_AT_decl_file
	.byte	36                              # DW_AT_decl_line
	.byte	2                               # DW_AT_location
	.byte	161
	.byte	0
	.byte	3                               # Abbrev [3] 0x32:0xc DW_TAG_array_type
	.long	62                              # DW_AT_type
	.byte	4                               # Abbrev [4] 0x37:0x6 DW_TAG_subrange_type
	.long	66                              # DW_AT_type
	.byte	4                               # DW_AT_count
	.byte	0                               # End Of Children Mark
	.byte	5                               # Abbrev [5] 0x3e:0x4 DW_TAG_base_type
	.byte	4                               # DW_AT_name
	.byte	6                               # DW_AT_encoding
	.byte	1                               # DW_AT_byte_size
	.byte	6                               # Abbrev [6] 0x42:0x4 DW_TAG_base_type
	.byte	5                               # DW_AT_name
	.byte	8                               # DW_AT_byte_size
	.byte	7                               # DW_AT_encoding
	.byte	2                               # Abbrev [2] 0x46:0xb DW_TAG_variable
	.byte	6                               # DW_AT_name
	.long	81                              # DW_AT_type
                                        # DW_AT_external
	.byte	0                               # DW_AT_decl_file
	.byte	5                               # DW_AT_decl_line
	.byte	2                               # DW_AT_location
	.byte	161
	.byte	1
	.byte	7                               # Abbrev [7] 0x51:0x8 DW_TAG_typedef
	.long	89                              # DW_AT_type
	.byte	8                               # DW_AT_name
	.byte	1                               # DW_AT_decl_file
	.byte	31                              # DW_AT_decl_line
	.byte	5                               # Abbrev [5] 0x59:0x4 DW_TAG_base_type
	.byte	7                               # DW_AT_name
	.byte	7                               # DW_AT_encoding
	.byte	8                               # DW_AT_byte_size
	.byte	2                               # Abbrev [2] 0x5d:0xb DW_TAG_variable
	.byte	9                               # DW_AT_name
	.long	104                             # DW_AT_type
                                        # DW_AT_external
	.byte	0                               # DW_AT_decl_file
	.byte	6                               # DW_AT_decl_line
	.byte	2                               # DW_AT_location
	.byte	161
	.byte	2
	.byte	7                               # Abbrev [7] 0x68:0x8 DW_TAG_typedef
	.long	112                             # DW_AT_type
	.byte	11                              # DW_AT_name
	.byte	1                               # DW_AT_decl_file
	.byte	27                              # DW_AT_decl_line
	.byte	5                               # Abbrev [5] 0x70:0x4 DW_TAG_base_type
	.byte	10                              # DW_AT_name
	.byte	7                               # DW_AT_encoding
	.byte	4                               # DW_AT_byte_size
	.byte	5                               # Abbrev [5] 0x74:0x4 DW_TAG_base_type
	.byte	12                              # DW_AT_name
	.byte	5                               # DW_AT_encoding
	.byte	4                               # DW_AT_byte_size
	.byte	8                               # Abbrev [8] 0x78:0x3d DW_TAG_subprogram
	.byte	3                               # DW_AT_low_pc
	.long	.Lfunc_end0-.Lfunc_begin0       # DW_AT_high_pc
	.byte	1                               # DW_AT_frame_base
	.byte	90
                                        # DW_AT_call_all_calls
	.byte	13                              # DW_AT_name
	.byte	0                               # DW_AT_decl_file
	.byte	9                               # DW_AT_decl_line
                                        # DW_AT_prototyped
	.long	116                             # DW_AT_type
                                        # DW_AT_external
	.byte	9                               # Abbrev [9] 0x87:0x9 DW_TAG_formal_parameter
	.byte	0                               # DW_AT_location
	.byte	14                              # DW_AT_name
	.byte	0                               # DW_AT_decl_file
	.byte	9                               # DW_AT_decl_line
	.long	181                             # DW_AT_type
	.byte	10                              # Abbrev [10] 0x90:0x9 DW_TAG_variable
	.byte	1                               # DW_AT_location
	.byte	22                              # DW_AT_name
	.byte	0                               # DW_AT_decl_file
	.byte	12                              # DW_AT_decl_line
	.long	104                             # DW_AT_type
	.byte	10                              # Abbrev [10] 0x99:0x9 DW_TAG_variable
	.byte	2                               # DW_AT_location
	.byte	23                              # DW_AT_name
	.byte	0                               # DW_AT_decl_file
	.byte	11                              # DW_AT_decl_line
	.long	81                              # DW_AT_type
	.byte	10                              # Abbrev [10] 0xa2:0x9 DW_TAG_variable
	.byte	3                               # DW_AT_location
	.byte	24                              # DW_AT_name
	.byte	0                               # DW_AT_decl_file
	.byte	21                              # DW_AT_decl_line
	.long	81                              # DW_AT_type
	.byte	10                              # Abbrev [10] 0xab:0x9 DW_TAG_variable
	.byte	4                               # DW_AT_location
	.byte	25                              # DW_AT_name
	.byte	0                               # DW_AT_decl_file
	.byte	25                              # DW_AT_decl_line
	.long	104                             # DW_AT_type
	.byte	0                               # End Of Children Mark
	.byte	11                              # Abbrev [11] 0xb5:0x5 DW_TAG_pointer_type
	.long	186                             # DW_AT_type
	.byte	12                              # Abbrev [12] 0xba:0x43 DW_TAG_structure_type
	.byte	21                              # DW_AT_name
	.byte	24                              # DW_AT_byte_size
	.byte	2                               # DW_AT_decl_file
	.short	6100                            # DW_AT_decl_line
	.byte	13                              # Abbrev [13] 0xc0:0xa DW_TAG_member
	.byte	15                              # DW_AT_name
	.long	104                             # DW_AT_type
	.byte	2                               # DW_AT_decl_file
	.short	6101                            # DW_AT_decl_line
	.byte	0                               # DW_AT_data_member_location
	.byte	13                              # Abbrev [13] 0xca:0xa DW_TAG_member
	.byte	16                              # DW_AT_name
	.long	104                             # DW_AT_type
	.byte	2                               # DW_AT_decl_file
	.short	6102                            # DW_AT_decl_line
	.byte	4                               # DW_AT_data_member_location
	.byte	13                              # Abbrev [13] 0xd4:0xa DW_TAG_member
	.byte	17                              # DW_AT_name
	.long	104                             # DW_AT_type
	.byte	2                               # DW_AT_decl_file
	.short	6103                            # DW_AT_decl_line
	.byte	8                               # DW_AT_data_member_location
	.byte	13                              # Abbrev [13] 0xde:0xa DW_TAG_member
	.byte	18                              # DW_AT_name
	.long	104                             # DW_AT_type
	.byte	2                               # DW_AT_decl_file
	.short	6105                            # DW_AT_decl_line
	.byte	12                              # DW_AT_data_member_location
	.byte	13                              # Abbrev [13] 0xe8:0xa DW_TAG_member
	.byte	19                              # DW_AT_name
	.long	104                             # DW_AT_type
	.byte	2                               # DW_AT_decl_file
	.short	6106                            # DW_AT_decl_line
	.byte	16                              # DW_AT_data_member_location
	.byte	13                              # Abbrev [13] 0xf2:0xa DW_TAG_member
	.byte	20                              # DW_AT_name
	.long	104                             # DW_AT_type
	.byte	2                               # DW_AT_decl_file
	.short	6108                            # DW_AT_decl_line
	.byte	20                              # DW_AT_data_member_location
	.byte	0                               # End Of Children Mark
	.byte	0                               # End Of Children Mark
.Ldebug_info_end0:
	.section	.debug_str_offsets,"",@progbits
	.long	108                             # Length of String Offsets Set
	.short	5
	.short	0
.Lstr_offsets_base0:
	.section	.debug_str,"MS",@progbits,1
.Linfo_string0:
	.asciz	"Debian clang version 19.1.7 (3~deb12u1)" # string offset=0
.Linfo_string1:
	.asciz	"atomics.c"                     # string offset=40
.Linfo_string2:
	.asciz	"."                             # string offset=50
.Linfo_string3:
	.asciz	"LICENSE"                       # string offset=52
.Linfo_string4:
	.asciz	"char"                          # string offset=60
.Linfo_string5:
	.asciz	"__ARRAY_SIZE_TYPE__"           # string offset=65
.Linfo_string6:
	.asciz	"g64"                           # string offset=85
.Linfo_string7:
	.asciz	"unsigned long long"            # string offset=89
.Linfo_string8:
	.asciz	"__u64"                         # string offset=108
.Linfo_string9:
	.asciz	"g32"                           # string offset=114
.Linfo_string10:
	.asciz	"unsigned int"                  # string offset=118
.Linfo_string11:
	.asciz	"__u32"                         # string offset=131
.Linfo_string12:
	.asciz	"int"                           # string offset=137
.Linfo_string13:
	.asciz	"atomics"                       # string offset=141
.Linfo_string14:
	.asciz	"ctx"                           # string offset=149
.Linfo_string15:
	.asciz	"data"                          # string offset=153
.Linfo_string16:
	.asciz	"data_end"                      # string offset=158
.Linfo_string17:
	.asciz	"data_meta"                     # string offset=167
.Linfo_string18:
	.asciz	"ingress_ifindex"               # string offset=177
.Linfo_string19:
	.asciz	"rx_queue_index"                # string offset=193
.Linfo_string20:
	.asciz	"egress_ifindex"                # string offset=208
.Linfo_string21:
	.asciz	"xdp_md"                        # string offset=223
.Linfo_string22:
	.asciz	"w"                             # string offset=230
.Linfo_string23:
	.asciz	"v"                             # string offset=232
.Linfo_string24:
	.asciz	"a"                             # string offset=234
.Linfo_string25:
	.asciz	"b"                             # string offset=236
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
	.long	.Linfo_string10
	.long	.Linfo_string11
	.long	.Linfo_string12
	.long	.Linfo_string13
	.long	.Linfo_string14
	.long	.Linfo_string15
	.long	.Linfo_string16
	.long	.Linfo_string17
	.long	.Linfo_string18
	.long	.Linfo_string19
	.long	.Linfo_string20
	.long	.Linfo_string21
	.long	.Linfo_string22
	.long	.Linfo_string23
	.long	.Linfo_string24
	.long	.Linfo_string25
	.section	.debug_addr,"",@progbits
	.long	.Ldebug_addr_end0-.Ldebug_addr_start0 # Length of contribution
.Ldebug_addr_start0:
	.short	5                               # DWARF version number
	.byte	8                               # Address size
	.byte	0                               # Segment selector size
.Laddr_table_base0:
	.quad	LICENSE
	.quad	g64
	.quad	g32
	.quad	.Lfunc_begin0
.Ldebug_addr_end0:
	.section	.BTF,"",@progbits
	.short	60319                           # 0xeb9f
	.byte	1
	.byte	0
	.long	24
	.long	0
	.long	364
	.long	364
	.long	1012
	.long	0                               # BTF_KIND_PTR(id = 1)
	.long	33554432                        # 0x2000000
	.long	2
	.long	1                               # BTF_KIND_STRUCT(id = 2)
	.long	67108870                        # 0x4000006
	.long	24
	.long	8
	.long	3
	.long	0                               # 0x0
	.long	13
	.long	3
	.long	32                              # 0x20
	.long	22
	.long	3
	.long	64                              # 0x40
	.long	32
	.long	3
	.long	96                              # 0x60
	.long	48
	.long	3
	.long	128                             # 0x80
	.long	63
	.long	3
	.long	160                             # 0xa0
	.long	78                              # BTF_KIND_TYPEDEF(id = 3)
	.long	134217728                       # 0x8000000
	.long	4
	.long	84                              # BTF_KIND_INT(id = 4)
	.long	16777216                        # 0x1000000
	.long	4
	.long	32                              # 0x20
	.long	0                               # BTF_KIND_FUNC_PROTO(id = 5)
	.long	218103809                       # 0xd000001
	.long	6
	.long	97
	.long	1
	.long	101                             # BTF_KIND_INT(id = 6)
	.long	16777216                        # 0x1000000
	.long	4
	.long	16777248                        # 0x1000020
	.long	105                             # BTF_KIND_FUNC(id = 7)
	.long	201326593                       # 0xc000001
	.long	5
	.long	933                             # BTF_KIND_TYPEDEF(id = 8)
	.long	134217728                       # 0x8000000
	.long	9
	.long	939                             # BTF_KIND_INT(id = 9)
	.long	16777216                        # 0x1000000
	.long	8
	.long	64                              # 0x40
	.long	958                             # BTF_KIND_VAR(id = 10)
	.long	234881024                       # 0xe000000
	.long	8
	.long	1
	.long	962                             # BTF_KIND_VAR(id = 11)
	.long	234881024                       # 0xe000000
	.long	3
	.long	1
	.long	966                             # BTF_KIND_INT(id = 12)
	.long	16777216                        # 0x1000000
	.long	1
	.long	16777224                        # 0x1000008
	.long	0                               # BTF_KIND_ARRAY(id = 13)
	.long	50331648                        # 0x3000000
	.long	0
	.long	12
	.long	14
	.long	4
	.long	971                             # BTF_KIND_INT(id = 14)
	.long	16777216                        # 0x1000000
	.long	4
	.long	32                              # 0x20
	.long	991                             # BTF_KIND_VAR(id = 15)
	.long	234881024                       # 0xe000000
	.long	13
	.long	1
	.long	999                             # BTF_KIND_DATASEC(id = 16)
	.long	251658242                       # 0xf000002
	.long	0
	.long	10
	.long	g64
	.long	8
	.long	11
	.long	g32
	.long	4
	.long	1004                            # BTF_KIND_DATASEC(id = 17)
	.long	251658241                       # 0xf000001
	.long	0
	.long	15
	.long	LICENSE
	.long	4
	.byte	0                               # string offset=0
	.ascii	"xdp_md"                        # string offset=1
	.byte	0
	.ascii	"data"                          # string offset=8
	.byte	0
	.ascii	"data_end"                      # string offset=13
	.byte	0
	.ascii	"data_meta"                     # string offset=22
	.byte	0
	.ascii	"ingress_ifindex"               # string offset=32
	.byte	0
	.ascii	"rx_queue_index"                # string offset=48
	.byte	0
	.ascii	"egress_ifindex"                # string offset=63
	.byte	0
	.ascii	"__u32"                         # string offset=78
	.byte	0
	.ascii	"unsigned int"                  # string offset=84
	.byte	0
	.ascii	"ctx"                           # string offset=97
	.byte	0
	.ascii	"int"                           # string offset=101
	.byte	0
	.ascii	"atomics"                       # string offset=105
	.byte	0
	.ascii	"xdp"                           # string offset=113
	.byte	0
	.ascii	"./atomics.c"                   # string offset=117
	.byte	0
	.ascii	"\t__u32 w = ctx->data;"        # string offset=129
	.byte	0
	.ascii	"\t__u64 v = ctx->data_end;"    # string offset=151
	.byte	0
	.ascii	"\t__sync_fetch_and_add(&g64, v);" # string offset=177
	.byte	0
	.ascii	"\t__sync_fetch_and_or(&g64, v);" # string offset=209
	.byte	0
	.ascii	"\t__sync_fetch_and_and(&g64, v);" # string offset=240
	.byte	0
	.ascii	"\t__sync_fetch_and_xor(&g64, v);" # string offset=272
	.byte	0
	.ascii	"\t__sync_fetch_and_add(&g32, w);" # string offset=304
	.byte	0
	.ascii	"\t__sync_fetch_and_or(&g32, w);" # string offset=336
	.byte	0
	.ascii	"\t__sync_fetch_and_and(&g32, w);" # string offset=367
	.byte	0
	.ascii	"\t__sync_fetch_and_xor(&g32, w);" # string offset=399
	.byte	0
	.ascii	"\t__u64 a = __sync_fetch_and_add(&g64, 3);" # string offset=431
	.byte	0
	.ascii	"\ta += __sync_fetch_and_or(&g64, v);" # string offset=473
	.byte	0
	.ascii	"\ta += __sync_fetch_and_and(&g64, v);" # string offset=509
	.byte	0
	.ascii	"\ta += __sync_fetch_and_xor(&g64, v);" # string offset=546
	.byte	0
	.ascii	"\t__u32 b = __sync_fetch_and_add(&g32, 3);" # string offset=583
	.byte	0
	.ascii	"\tb += __sync_fetch_and_or(&g32, w);" # string offset=625
	.byte	0
	.ascii	"\tb += __sync_fetch_and_and(&g32, w);" # string offset=661
	.byte	0
	.ascii	"\tb += __sync_fetch_and_xor(&g32, w);" # string offset=698
	.byte	0
	.ascii	"\ta += __sync_lock_test_and_set(&g64, a);" # string offset=735
	.byte	0
	.ascii	"\tb += __sync_lock_test_and_set(&g32, b);" # string offset=776
	.byte	0
	.ascii	"\ta += __sync_val_compare_and_swap(&g64, a, v);" # string offset=817
	.byte	0
	.ascii	"\tb += __sync_val_compare_and_swap(&g32, b, w);" # string offset=864
	.byte	0
	.ascii	"\treturn (int)(a + b);"        # string offset=911
	.byte	0
	.ascii	"__u64"                         # string offset=933
	.byte	0
	.ascii	"unsigned long long"            # string offset=939
	.byte	0
	.ascii	"g64"                           # string offset=958
	.byte	0
	.ascii	"g32"                           # string offset=962
	.byte	0
	.ascii	"char"                          # string offset=966
	.byte	0
	.ascii	"__ARRAY_SIZE_TYPE__"           # string offset=971
	.byte	0
	.ascii	"LICENSE"                       # string offset=991
	.byte	0
	.ascii	".bss"                          # string offset=999
	.byte	0
	.ascii	"license"                       # string offset=1004
	.byte	0
	.section	.BTF.ext,"",@progbits
	.short	60319                           # 0xeb9f
	.byte	1
	.byte	0
	.long	32
	.long	0
	.long	20
	.long	20
	.long	556
	.long	576
	.long	0
	.long	8                               # FuncInfo
	.long	113                             # FuncInfo section string offset=113
	.long	1
	.long	.Lfunc_begin0
	.long	7
	.long	16                              # LineInfo
	.long	113                             # LineInfo section string offset=113
	.long	34
	.long	.Ltmp0
	.long	117
	.long	129
	.long	12305                           # Line 12 Col 17
	.long	.Ltmp3
	.long	117
	.long	151
	.long	11281                           # Line 11 Col 17
	.long	.Ltmp6
	.long	117
	.long	177
	.long	13314                           # Line 13 Col 2
	.long	.Ltmp9
	.long	117
	.long	209
	.long	14338                           # Line 14 Col 2
	.long	.Ltmp10
	.long	117
	.long	240
	.long	15362                           # Line 15 Col 2
	.long	.Ltmp11
	.long	117
	.long	272
	.long	16386                           # Line 16 Col 2
	.long	.Ltmp12
	.long	117
	.long	304
	.long	17410                           # Line 17 Col 2
	.long	.Ltmp13
	.long	117
	.long	336
	.long	18434                           # Line 18 Col 2
	.long	.Ltmp14
	.long	117
	.long	367
	.long	19458                           # Line 19 Col 2
	.long	.Ltmp15
	.long	117
	.long	399
	.long	20482                           # Line 20 Col 2
	.long	.Ltmp16
	.long	117
	.long	431
	.long	21516                           # Line 21 Col 12
	.long	.Ltmp19
	.long	117
	.long	473
	.long	22535                           # Line 22 Col 7
	.long	.Ltmp20
	.long	117
	.long	473
	.long	22532                           # Line 22 Col 4
	.long	.Ltmp23
	.long	117
	.long	509
	.long	23559                           # Line 23 Col 7
	.long	.Ltmp24
	.long	117
	.long	509
	.long	23556                           # Line 23 Col 4
	.long	.Ltmp27
	.long	117
	.long	546
	.long	24583                           # Line 24 Col 7
	.long	.Ltmp28
	.long	117
	.long	546
	.long	24580                           # Line 24 Col 4
	.long	.Ltmp31
	.long	117
	.long	583
	.long	25612                           # Line 25 Col 12
	.long	.Ltmp34
	.long	117
	.long	625
	.long	26631                           # Line 26 Col 7
	.long	.Ltmp35
	.long	117
	.long	661
	.long	27655                           # Line 27 Col 7
	.long	.Ltmp36
	.long	117
	.long	698
	.long	28679                           # Line 28 Col 7
	.long	.Ltmp37
	.long	117
	.long	735
	.long	29703                           # Line 29 Col 7
	.long	.Ltmp38
	.long	117
	.long	735
	.long	29700                           # Line 29 Col 4
	.long	.Ltmp41
	.long	117
	.long	625
	.long	26628                           # Line 26 Col 4
	.long	.Ltmp44
	.long	117
	.long	661
	.long	27652                           # Line 27 Col 4
	.long	.Ltmp47
	.long	117
	.long	698
	.long	28676                           # Line 28 Col 4
	.long	.Ltmp50
	.long	117
	.long	776
	.long	30727                           # Line 30 Col 7
	.long	.Ltmp51
	.long	117
	.long	817
	.long	31751                           # Line 31 Col 7
	.long	.Ltmp54
	.long	117
	.long	776
	.long	30724                           # Line 30 Col 4
	.long	.Ltmp57
	.long	117
	.long	864
	.long	32775                           # Line 32 Col 7
	.long	.Ltmp58
	.long	117
	.long	817
	.long	31748                           # Line 31 Col 4
	.long	.Ltmp59
	.long	117
	.long	864
	.long	32772                           # Line 32 Col 4
	.long	.Ltmp62
	.long	117
	.long	911
	.long	33801                           # Line 33 Col 9
	.long	.Ltmp65
	.long	117
	.long	911
	.long	33794                           # Line 33 Col 2
	.addrsig
	.addrsig_sym atomics
	.addrsig_sym g64
	.addrsig_sym g32
	.addrsig_sym LICENSE
	.section	.debug_line,"",@progbits
.Lline_table_start0:
