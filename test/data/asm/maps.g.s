	.text
	.file	"maps.c"
	.file	0 "." "maps.c" md5 0x4cab859d461811a9a0ff9cc468022b90
	.file	1 "/usr/include/asm-generic" "int-ll64.h" md5 0xb810f270733e106319b67ef512c6246e
	.file	2 "/usr/include/bpf" "bpf_helper_defs.h" md5 0xba0039f6acc4710a5f4349e628ddfb60
	.file	3 "/usr/include/linux" "bpf.h" md5 0x8ab7bf195d20e2851bf1a9e5b71245ca
	.section	xdp,"ax",@progbits
	.globl	count_packets                   # -- Begin function count_packets
	.p2align	3
	.type	count_packets,@function
count_packets:                          # @count_packets
.Lfunc_begin0:
	.loc	0 21 0                          # maps.c:21:0
	.cfi_sections .debug_frame
	.cfi_startproc
# %bb.0:
	#DEBUG_VALUE: count_packets:ctx <- $r1
	r6 = r1
.Ltmp0:
.Ltmp1:
	#DEBUG_VALUE: count_packets:ctx <- $r6
	.loc	0 22 19 prologue_end            # maps.c:22:19
.Ltmp2:
	w1 = *(u32 *)(r6 + 12)
	.loc	0 22 8 is_stmt 0                # maps.c:22:8
.Ltmp3:
	*(u32 *)(r10 - 4) = w1
	r7 = 1
	.loc	0 23 8 is_stmt 1                # maps.c:23:8
.Ltmp4:
	*(u64 *)(r10 - 16) = r7
	r2 = r10
	r2 += -4
	.loc	0 25 6                          # maps.c:25:6
.Ltmp5:
	r1 = counts ll
	call 1
.Ltmp6:
.Ltmp7:
	#DEBUG_VALUE: count_packets:v <- $r0
	.loc	0 26 6                          # maps.c:26:6
.Ltmp8:
	if r0 == 0 goto LBB0_2
.Ltmp9:
.Ltmp10:
# %bb.1:
	#DEBUG_VALUE: count_packets:v <- $r0
	#DEBUG_VALUE: count_packets:ctx <- $r6
	.loc	0 27 3                          # maps.c:27:3
.Ltmp11:
	lock *(u64 *)(r0 + 0) += r7
	goto LBB0_3
.Ltmp12:
.Ltmp13:
LBB0_2:
	#DEBUG_VALUE: count_packets:v <- $r0
	#DEBUG_VALUE: count_packets:ctx <- $r6
	.loc	0 0 3 is_stmt 0                 # maps.c:0:3
	r2 = r10
	r2 += -4
	r3 = r10
	r3 += -16
	.loc	0 29 3 is_stmt 1                # maps.c:29:3
.Ltmp14:
	r1 = counts ll
	r4 = 0
	call 2
.Ltmp15:
.Ltmp16:
LBB0_3:
	#DEBUG_VALUE: count_packets:ctx <- $r6
	.loc	0 0 3 is_stmt 0                 # maps.c:0:3
	w1 = 0
	.loc	0 30 8 is_stmt 1                # maps.c:30:8
.Ltmp17:
	*(u32 *)(r10 - 20) = w1
	r2 = r10
	r2 += -20
	.loc	0 31 13                         # maps.c:31:13
.Ltmp18:
	r1 = stats ll
	call 1
.Ltmp19:
.Ltmp20:
	#DEBUG_VALUE: count_packets:s <- $r0
	.loc	0 32 6                          # maps.c:32:6
.Ltmp21:
	if r0 == 0 goto LBB0_5
.Ltmp22:
.Ltmp23:
# %bb.4:
	#DEBUG_VALUE: count_packets:s <- $r0
	#DEBUG_VALUE: count_packets:ctx <- $r6
	.loc	0 33 30                         # maps.c:33:30
.Ltmp24:
	w1 = *(u32 *)(r6 + 0)
	.loc	0 33 14 is_stmt 0               # maps.c:33:14
.Ltmp25:
	w2 = *(u32 *)(r6 + 4)
	.loc	0 33 23                         # maps.c:33:23
.Ltmp26:
	w2 -= w1
	.loc	0 33 6                          # maps.c:33:6
.Ltmp27:
	r1 = *(u64 *)(r0 + 0)
	r1 += r2
	*(u64 *)(r0 + 0) = r1
.Ltmp28:
.Ltmp29:
LBB0_5:
	#DEBUG_VALUE: count_packets:s <- $r0
	#DEBUG_VALUE: count_packets:ctx <- $r6
	.loc	0 34 2 is_stmt 1                # maps.c:34:2
.Ltmp30:
	w0 = 2
.Ltmp31:
.Ltmp32:
	exit
.Ltmp33:
.Ltmp34:
.Lfunc_end0:
	.size	count_packets, .Lfunc_end0-count_packets
	.cfi_endproc
                                        # -- End function
	.type	counts,@object                  # @counts
	.section	.maps,"aw",@progbits
	.globl	counts
	.p2align	3, 0x0
counts:
	.zero	32
	.size	counts, 32

	.type	stats,@object                   # @stats
	.globl	stats
	.p2align	3, 0x0
stats:
	.zero	32
	.size	stats, 32

	.type	LICENSE,@object                 # @LICENSE
	.section	license,"aw",@progbits
	.globl	LICENSE
LICENSE:
	.asciz	"GPL"
	.size	LICENSE, 4

	.section	.debug_loclists,"",@progbits
	.long	.Ldebug_list_header_end0-.Ldebug_list_header_start0 # Length
.Ldebug_list_header_start0:
	.short	5                               # Version
	.byte	8                               # Address size
	.byte	0                               # Segment selector size
	.long	3                               # Offset entry count
.Lloclists_table_base0:
	.long	.Ldebug_loc0-.Lloclists_table_base0
	.long	.Ldebug_loc1-.Lloclists_table_base0
	.long	.Ldebug_loc2-.Lloclists_table_base0
.Ldebug_loc0:
	.byte	4                               # DW_LLE_offset_pair
	.uleb128 .Lfunc_begin0-.Lfunc_begin0    #   starting offset
	.uleb128 .Ltmp0-.Lfunc_begin0           #   ending offset
	.byte	1                               # Loc expr size
	.byte	81                              # DW_OP_reg1
	.byte	4                               # DW_LLE_offset_pair
	.uleb128 .Ltmp0-.Lfunc_begin0           #   starting offset
	.uleb128 .Lfunc_end0-.Lfunc_begin0      #   ending offset
	.byte	1                               # Loc expr size
	.byte	86                              # DW_OP_reg6
	.byte	0                               # DW_LLE_end_of_list
.Ldebug_loc1:
	.byte	4                               # DW_LLE_offset_pair
	.uleb128 .Ltmp6-.Lfunc_begin0           #   starting offset
	.uleb128 .Ltmp15-.Lfunc_begin0          #   ending offset
	.byte	1                               # Loc expr size
	.byte	80                              # DW_OP_reg0
	.byte	0                               # DW_LLE_end_of_list
.Ldebug_loc2:
	.byte	4                               # DW_LLE_offset_pair
	.uleb128 .Ltmp19-.Lfunc_begin0          #   starting offset
	.uleb128 .Ltmp31-.Lfunc_begin0          #   ending offset
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
	.byte	19                              # DW_TAG_structure_type
	.byte	1                               # DW_CHILDREN_yes
	.byte	11                              # DW_AT_byte_size
	.byte	11                              # DW_FORM_data1
	.byte	58                              # DW_AT_decl_file
	.byte	11                              # DW_FORM_data1
	.byte	59                              # DW_AT_decl_line
	.byte	11                              # DW_FORM_data1
	.byte	0                               # EOM(1)
	.byte	0                               # EOM(2)
	.byte	8                               # Abbreviation Code
	.byte	13                              # DW_TAG_member
	.byte	0                               # DW_CHILDREN_no
	.byte	3                               # DW_AT_name
	.byte	37                              # DW_FORM_strx1
	.byte	73                              # DW_AT_type
	.byte	19                              # DW_FORM_ref4
	.byte	58                              # DW_AT_decl_file
	.byte	11                              # DW_FORM_data1
	.byte	59                              # DW_AT_decl_line
	.byte	11                              # DW_FORM_data1
	.byte	56                              # DW_AT_data_member_location
	.byte	11                              # DW_FORM_data1
	.byte	0                               # EOM(1)
	.byte	0                               # EOM(2)
	.byte	9                               # Abbreviation Code
	.byte	15                              # DW_TAG_pointer_type
	.byte	0                               # DW_CHILDREN_no
	.byte	73                              # DW_AT_type
	.byte	19                              # DW_FORM_ref4
	.byte	0                               # EOM(1)
	.byte	0                               # EOM(2)
	.byte	10                              # Abbreviation Code
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
	.byte	11                              # Abbreviation Code
	.byte	52                              # DW_TAG_variable
	.byte	0                               # DW_CHILDREN_no
	.byte	3                               # DW_AT_name
	.byte	37                              # DW_FORM_strx1
	.byte	73                              # DW_AT_type
	.byte	19                              # DW_FORM_ref4
	.byte	58                              # DW_AT_decl_file
	.byte	11                              # DW_FORM_data1
	.byte	59                              # DW_AT_decl_line
	.byte	11                              # DW_FORM_data1
	.byte	28                              # DW_AT_const_value
	.byte	15                              # DW_FORM_udata
	.byte	0                               # EOM(1)
	.byte	0                               # EOM(2)
	.byte	12                              # Abbreviation Code
	.byte	21                              # DW_TAG_subroutine_type
	.byte	1                               # DW_CHILDREN_yes
	.byte	73                              # DW_AT_type
	.byte	19                              # DW_FORM_ref4
	.byte	39                              # DW_AT_prototyped
	.byte	25                              # DW_FORM_flag_present
	.byte	0                               # EOM(1)
	.byte	0                               # EOM(2)
	.byte	13                              # Abbreviation Code
	.byte	5                               # DW_TAG_formal_parameter
	.byte	0                               # DW_CHILDREN_no
	.byte	73                              # DW_AT_type
	.byte	19                              # DW_FORM_ref4
	.byte	0                               # EOM(1)
	.byte	0                               # EOM(2)
	.byte	14                              # Abbreviation Code
	.byte	15                              # DW_TAG_pointer_type
	.byte	0                               # DW_CHILDREN_no
	.byte	0                               # EOM(1)
	.byte	0                               # EOM(2)
	.byte	15                              # Abbreviation Code
	.byte	38                              # DW_TAG_const_type
	.byte	0                               # DW_CHILDREN_no
	.byte	0                               # EOM(1)
	.byte	0                               # EOM(2)
	.byte	16                              # Abbreviation Code
	.byte	4                               # DW_TAG_enumeration_type
	.byte	1                               # DW_CHILDREN_yes
	.byte	73                              # DW_AT_type
	.byte	19                              # DW_FORM_ref4
	.byte	11                              # DW_AT_byte_size
	.byte	11                              # DW_FORM_data1
	.byte	58                              # DW_AT_decl_file
	.byte	11                              # DW_FORM_data1
	.byte	59                              # DW_AT_decl_line
	.byte	5                               # DW_FORM_data2
	.byte	0                               # EOM(1)
	.byte	0                               # EOM(2)
	.byte	17                              # Abbreviation Code
	.byte	40                              # DW_TAG_enumerator
	.byte	0                               # DW_CHILDREN_no
	.byte	3                               # DW_AT_name
	.byte	37                              # DW_FORM_strx1
	.byte	28                              # DW_AT_const_value
	.byte	15                              # DW_FORM_udata
	.byte	0                               # EOM(1)
	.byte	0                               # EOM(2)
	.byte	18                              # Abbreviation Code
	.byte	4                               # DW_TAG_enumeration_type
	.byte	1                               # DW_CHILDREN_yes
	.byte	73                              # DW_AT_type
	.byte	19                              # DW_FORM_ref4
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
	.byte	19                              # Abbreviation Code
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
	.byte	20                              # Abbreviation Code
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
	.byte	21                              # Abbreviation Code
	.byte	52                              # DW_TAG_variable
	.byte	0                               # DW_CHILDREN_no
	.byte	2                               # DW_AT_location
	.byte	24                              # DW_FORM_exprloc
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
	.byte	22                              # Abbreviation Code
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
	.byte	23                              # Abbreviation Code
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
	.byte	24                              # Abbreviation Code
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
	.byte	1                               # Abbrev [1] 0xc:0x222 DW_TAG_compile_unit
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
	.byte	37                              # DW_AT_decl_line
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
	.byte	10                              # DW_AT_decl_line
	.byte	2                               # DW_AT_location
	.byte	161
	.byte	1
	.byte	7                               # Abbrev [7] 0x51:0x29 DW_TAG_structure_type
	.byte	32                              # DW_AT_byte_size
	.byte	0                               # DW_AT_decl_file
	.byte	5                               # DW_AT_decl_line
	.byte	8                               # Abbrev [8] 0x55:0x9 DW_TAG_member
	.byte	7                               # DW_AT_name
	.long	122                             # DW_AT_type
	.byte	0                               # DW_AT_decl_file
	.byte	6                               # DW_AT_decl_line
	.byte	0                               # DW_AT_data_member_location
	.byte	8                               # Abbrev [8] 0x5e:0x9 DW_TAG_member
	.byte	9                               # DW_AT_name
	.long	143                             # DW_AT_type
	.byte	0                               # DW_AT_decl_file
	.byte	7                               # DW_AT_decl_line
	.byte	8                               # DW_AT_data_member_location
	.byte	8                               # Abbrev [8] 0x67:0x9 DW_TAG_member
	.byte	10                              # DW_AT_name
	.long	160                             # DW_AT_type
	.byte	0                               # DW_AT_decl_file
	.byte	8                               # DW_AT_decl_line
	.byte	16                              # DW_AT_data_member_location
	.byte	8                               # Abbrev [8] 0x70:0x9 DW_TAG_member
	.byte	13                              # DW_AT_name
	.long	177                             # DW_AT_type
	.byte	0                               # DW_AT_decl_file
	.byte	9                               # DW_AT_decl_line
	.byte	24                              # DW_AT_data_member_location
	.byte	0                               # End Of Children Mark
	.byte	9                               # Abbrev [9] 0x7a:0x5 DW_TAG_pointer_type
	.long	127                             # DW_AT_type
	.byte	3                               # Abbrev [3] 0x7f:0xc DW_TAG_array_type
	.long	139                             # DW_AT_type
	.byte	4                               # Abbrev [4] 0x84:0x6 DW_TAG_subrange_type
	.long	66                              # DW_AT_type
	.byte	1                               # DW_AT_count
	.byte	0                               # End Of Children Mark
	.byte	5                               # Abbrev [5] 0x8b:0x4 DW_TAG_base_type
	.byte	8                               # DW_AT_name
	.byte	5                               # DW_AT_encoding
	.byte	4                               # DW_AT_byte_size
	.byte	9                               # Abbrev [9] 0x8f:0x5 DW_TAG_pointer_type
	.long	148                             # DW_AT_type
	.byte	3                               # Abbrev [3] 0x94:0xc DW_TAG_array_type
	.long	139                             # DW_AT_type
	.byte	4                               # Abbrev [4] 0x99:0x6 DW_TAG_subrange_type
	.long	66                              # DW_AT_type
	.byte	64                              # DW_AT_count
	.byte	0                               # End Of Children Mark
	.byte	9                               # Abbrev [9] 0xa0:0x5 DW_TAG_pointer_type
	.long	165                             # DW_AT_type
	.byte	10                              # Abbrev [10] 0xa5:0x8 DW_TAG_typedef
	.long	173                             # DW_AT_type
	.byte	12                              # DW_AT_name
	.byte	1                               # DW_AT_decl_file
	.byte	27                              # DW_AT_decl_line
	.byte	5                               # Abbrev [5] 0xad:0x4 DW_TAG_base_type
	.byte	11                              # DW_AT_name
	.byte	7                               # DW_AT_encoding
	.byte	4                               # DW_AT_byte_size
	.byte	9                               # Abbrev [9] 0xb1:0x5 DW_TAG_pointer_type
	.long	182                             # DW_AT_type
	.byte	10                              # Abbrev [10] 0xb6:0x8 DW_TAG_typedef
	.long	190                             # DW_AT_type
	.byte	15                              # DW_AT_name
	.byte	1                               # DW_AT_decl_file
	.byte	31                              # DW_AT_decl_line
	.byte	5                               # Abbrev [5] 0xbe:0x4 DW_TAG_base_type
	.byte	14                              # DW_AT_name
	.byte	7                               # DW_AT_encoding
	.byte	8                               # DW_AT_byte_size
	.byte	2                               # Abbrev [2] 0xc2:0xb DW_TAG_variable
	.byte	16                              # DW_AT_name
	.long	205                             # DW_AT_type
                                        # DW_AT_external
	.byte	0                               # DW_AT_decl_file
	.byte	17                              # DW_AT_decl_line
	.byte	2                               # DW_AT_location
	.byte	161
	.byte	2
	.byte	7                               # Abbrev [7] 0xcd:0x29 DW_TAG_structure_type
	.byte	32                              # DW_AT_byte_size
	.byte	0                               # DW_AT_decl_file
	.byte	12                              # DW_AT_decl_line
	.byte	8                               # Abbrev [8] 0xd1:0x9 DW_TAG_member
	.byte	7                               # DW_AT_name
	.long	246                             # DW_AT_type
	.byte	0                               # DW_AT_decl_file
	.byte	13                              # DW_AT_decl_line
	.byte	0                               # DW_AT_data_member_location
	.byte	8                               # Abbrev [8] 0xda:0x9 DW_TAG_member
	.byte	9                               # DW_AT_name
	.long	263                             # DW_AT_type
	.byte	0                               # DW_AT_decl_file
	.byte	14                              # DW_AT_decl_line
	.byte	8                               # DW_AT_data_member_location
	.byte	8                               # Abbrev [8] 0xe3:0x9 DW_TAG_member
	.byte	10                              # DW_AT_name
	.long	160                             # DW_AT_type
	.byte	0                               # DW_AT_decl_file
	.byte	15                              # DW_AT_decl_line
	.byte	16                              # DW_AT_data_member_location
	.byte	8                               # Abbrev [8] 0xec:0x9 DW_TAG_member
	.byte	13                              # DW_AT_name
	.long	177                             # DW_AT_type
	.byte	0                               # DW_AT_decl_file
	.byte	16                              # DW_AT_decl_line
	.byte	24                              # DW_AT_data_member_location
	.byte	0                               # End Of Children Mark
	.byte	9                               # Abbrev [9] 0xf6:0x5 DW_TAG_pointer_type
	.long	251                             # DW_AT_type
	.byte	3                               # Abbrev [3] 0xfb:0xc DW_TAG_array_type
	.long	139                             # DW_AT_type
	.byte	4                               # Abbrev [4] 0x100:0x6 DW_TAG_subrange_type
	.long	66                              # DW_AT_type
	.byte	2                               # DW_AT_count
	.byte	0                               # End Of Children Mark
	.byte	9                               # Abbrev [9] 0x107:0x5 DW_TAG_pointer_type
	.long	268                             # DW_AT_type
	.byte	3                               # Abbrev [3] 0x10c:0xc DW_TAG_array_type
	.long	139                             # DW_AT_type
	.byte	4                               # Abbrev [4] 0x111:0x6 DW_TAG_subrange_type
	.long	66                              # DW_AT_type
	.byte	4                               # DW_AT_count
	.byte	0                               # End Of Children Mark
	.byte	11                              # Abbrev [11] 0x118:0x9 DW_TAG_variable
	.byte	17                              # DW_AT_name
	.long	289                             # DW_AT_type
	.byte	2                               # DW_AT_decl_file
	.byte	56                              # DW_AT_decl_line
	.byte	1                               # DW_AT_const_value
	.byte	9                               # Abbrev [9] 0x121:0x5 DW_TAG_pointer_type
	.long	294                             # DW_AT_type
	.byte	12                              # Abbrev [12] 0x126:0x10 DW_TAG_subroutine_type
	.long	310                             # DW_AT_type
                                        # DW_AT_prototyped
	.byte	13                              # Abbrev [13] 0x12b:0x5 DW_TAG_formal_parameter
	.long	310                             # DW_AT_type
	.byte	13                              # Abbrev [13] 0x130:0x5 DW_TAG_formal_parameter
	.long	311                             # DW_AT_type
	.byte	0                               # End Of Children Mark
	.byte	14                              # Abbrev [14] 0x136:0x1 DW_TAG_pointer_type
	.byte	9                               # Abbrev [9] 0x137:0x5 DW_TAG_pointer_type
	.long	316                             # DW_AT_type
	.byte	15                              # Abbrev [15] 0x13c:0x1 DW_TAG_const_type
	.byte	11                              # Abbrev [11] 0x13d:0x9 DW_TAG_variable
	.byte	18                              # DW_AT_name
	.long	326                             # DW_AT_type
	.byte	2                               # DW_AT_decl_file
	.byte	78                              # DW_AT_decl_line
	.byte	2                               # DW_AT_const_value
	.byte	9                               # Abbrev [9] 0x146:0x5 DW_TAG_pointer_type
	.long	331                             # DW_AT_type
	.byte	12                              # Abbrev [12] 0x14b:0x1a DW_TAG_subroutine_type
	.long	357                             # DW_AT_type
                                        # DW_AT_prototyped
	.byte	13                              # Abbrev [13] 0x150:0x5 DW_TAG_formal_parameter
	.long	310                             # DW_AT_type
	.byte	13                              # Abbrev [13] 0x155:0x5 DW_TAG_formal_parameter
	.long	311                             # DW_AT_type
	.byte	13                              # Abbrev [13] 0x15a:0x5 DW_TAG_formal_parameter
	.long	311                             # DW_AT_type
	.byte	13                              # Abbrev [13] 0x15f:0x5 DW_TAG_formal_parameter
	.long	182                             # DW_AT_type
	.byte	0                               # End Of Children Mark
	.byte	5                               # Abbrev [5] 0x165:0x4 DW_TAG_base_type
	.byte	19                              # DW_AT_name
	.byte	5                               # DW_AT_encoding
	.byte	8                               # DW_AT_byte_size
	.byte	16                              # Abbrev [16] 0x169:0x16 DW_TAG_enumeration_type
	.long	173                             # DW_AT_type
	.byte	4                               # DW_AT_byte_size
	.byte	3                               # DW_AT_decl_file
	.short	1228                            # DW_AT_decl_line
	.byte	17                              # Abbrev [17] 0x172:0x3 DW_TAG_enumerator
	.byte	20                              # DW_AT_name
	.byte	0                               # DW_AT_const_value
	.byte	17                              # Abbrev [17] 0x175:0x3 DW_TAG_enumerator
	.byte	21                              # DW_AT_name
	.byte	1                               # DW_AT_const_value
	.byte	17                              # Abbrev [17] 0x178:0x3 DW_TAG_enumerator
	.byte	22                              # DW_AT_name
	.byte	2                               # DW_AT_const_value
	.byte	17                              # Abbrev [17] 0x17b:0x3 DW_TAG_enumerator
	.byte	23                              # DW_AT_name
	.byte	4                               # DW_AT_const_value
	.byte	0                               # End Of Children Mark
	.byte	18                              # Abbrev [18] 0x17f:0x1a DW_TAG_enumeration_type
	.long	173                             # DW_AT_type
	.byte	29                              # DW_AT_name
	.byte	4                               # DW_AT_byte_size
	.byte	3                               # DW_AT_decl_file
	.short	6089                            # DW_AT_decl_line
	.byte	17                              # Abbrev [17] 0x189:0x3 DW_TAG_enumerator
	.byte	24                              # DW_AT_name
	.byte	0                               # DW_AT_const_value
	.byte	17                              # Abbrev [17] 0x18c:0x3 DW_TAG_enumerator
	.byte	25                              # DW_AT_name
	.byte	1                               # DW_AT_const_value
	.byte	17                              # Abbrev [17] 0x18f:0x3 DW_TAG_enumerator
	.byte	26                              # DW_AT_name
	.byte	2                               # DW_AT_const_value
	.byte	17                              # Abbrev [17] 0x192:0x3 DW_TAG_enumerator
	.byte	27                              # DW_AT_name
	.byte	3                               # DW_AT_const_value
	.byte	17                              # Abbrev [17] 0x195:0x3 DW_TAG_enumerator
	.byte	28                              # DW_AT_name
	.byte	4                               # DW_AT_const_value
	.byte	0                               # End Of Children Mark
	.byte	19                              # Abbrev [19] 0x199:0x4c DW_TAG_subprogram
	.byte	3                               # DW_AT_low_pc
	.long	.Lfunc_end0-.Lfunc_begin0       # DW_AT_high_pc
	.byte	1                               # DW_AT_frame_base
	.byte	90
                                        # DW_AT_call_all_calls
	.byte	30                              # DW_AT_name
	.byte	0                               # DW_AT_decl_file
	.byte	20                              # DW_AT_decl_line
                                        # DW_AT_prototyped
	.long	139                             # DW_AT_type
                                        # DW_AT_external
	.byte	20                              # Abbrev [20] 0x1a8:0x9 DW_TAG_formal_parameter
	.byte	0                               # DW_AT_location
	.byte	33                              # DW_AT_name
	.byte	0                               # DW_AT_decl_file
	.byte	20                              # DW_AT_decl_line
	.long	485                             # DW_AT_type
	.byte	21                              # Abbrev [21] 0x1b1:0xb DW_TAG_variable
	.byte	2                               # DW_AT_location
	.byte	145
	.byte	20
	.byte	10                              # DW_AT_name
	.byte	0                               # DW_AT_decl_file
	.byte	22                              # DW_AT_decl_line
	.long	165                             # DW_AT_type
	.byte	21                              # Abbrev [21] 0x1bc:0xb DW_TAG_variable
	.byte	2                               # DW_AT_location
	.byte	145
	.byte	8
	.byte	31                              # DW_AT_name
	.byte	0                               # DW_AT_decl_file
	.byte	23                              # DW_AT_decl_line
	.long	182                             # DW_AT_type
	.byte	21                              # Abbrev [21] 0x1c7:0xb DW_TAG_variable
	.byte	2                               # DW_AT_location
	.byte	145
	.byte	4
	.byte	32                              # DW_AT_name
	.byte	0                               # DW_AT_decl_file
	.byte	30                              # DW_AT_decl_line
	.long	165                             # DW_AT_type
	.byte	22                              # Abbrev [22] 0x1d2:0x9 DW_TAG_variable
	.byte	1                               # DW_AT_location
	.byte	41                              # DW_AT_name
	.byte	0                               # DW_AT_decl_file
	.byte	23                              # DW_AT_decl_line
	.long	177                             # DW_AT_type
	.byte	22                              # Abbrev [22] 0x1db:0x9 DW_TAG_variable
	.byte	2                               # DW_AT_location
	.byte	42                              # DW_AT_name
	.byte	0                               # DW_AT_decl_file
	.byte	31                              # DW_AT_decl_line
	.long	177                             # DW_AT_type
	.byte	0                               # End Of Children Mark
	.byte	9                               # Abbrev [9] 0x1e5:0x5 DW_TAG_pointer_type
	.long	490                             # DW_AT_type
	.byte	23                              # Abbrev [23] 0x1ea:0x43 DW_TAG_structure_type
	.byte	40                              # DW_AT_name
	.byte	24                              # DW_AT_byte_size
	.byte	3                               # DW_AT_decl_file
	.short	6100                            # DW_AT_decl_line
	.byte	24                              # Abbrev [24] 0x1f0:0xa DW_TAG_member
	.byte	34                              # DW_AT_name
	.long	165                             # DW_AT_type
	.byte	3                               # DW_AT_decl_file
	.short	6101                            # DW_AT_decl_line
	.byte	0                               # DW_AT_data_member_location
	.byte	24                              # Abbrev [24] 0x1fa:0xa DW_TAG_member
	.byte	35                              # DW_AT_name
	.long	165                             # DW_AT_type
	.byte	3                               # DW_AT_decl_file
	.short	6102                            # DW_AT_decl_line
	.byte	4                               # DW_AT_data_member_location
	.byte	24                              # Abbrev [24] 0x204:0xa DW_TAG_member
	.byte	36                              # DW_AT_name
	.long	165                             # DW_AT_type
	.byte	3                               # DW_AT_decl_file
	.short	6103                            # DW_AT_decl_line
	.byte	8                               # DW_AT_data_member_location
	.byte	24                              # Abbrev [24] 0x20e:0xa DW_TAG_member
	.byte	37                              # DW_AT_name
	.long	165                             # DW_AT_type
	.byte	3                               # DW_AT_decl_file
	.short	6105                            # DW_AT_decl_line
	.byte	12                              # DW_AT_data_member_location
	.byte	24                              # Abbrev [24] 0x218:0xa DW_TAG_member
	.byte	38                              # DW_AT_name
	.long	165                             # DW_AT_type
	.byte	3                               # DW_AT_decl_file
	.short	6106                            # DW_AT_decl_line
	.byte	16                              # DW_AT_data_member_location
	.byte	24                              # Abbrev [24] 0x222:0xa DW_TAG_member
	.byte	39                              # DW_AT_name
	.long	165                             # DW_AT_type
	.byte	3                               # DW_AT_decl_file
	.short	6108                            # DW_AT_decl_line
	.byte	20                              # DW_AT_data_member_location
	.byte	0                               # End Of Children Mark
	.byte	0                               # End Of Children Mark
.Ldebug_info_end0:
	.section	.debug_str_offsets,"",@progbits
	.long	176                             # Length of String Offsets Set
	.short	5
	.short	0
.Lstr_offsets_base0:
	.section	.debug_str,"MS",@progbits,1
.Linfo_string0:
	.asciz	"Debian clang version 19.1.7 (3~deb12u1)" # string offset=0
.Linfo_string1:
	.asciz	"maps.c"                        # string offset=40
.Linfo_string2:
	.asciz	"."                             # string offset=47
.Linfo_string3:
	.asciz	"LICENSE"                       # string offset=49
.Linfo_string4:
	.asciz	"char"                          # string offset=57
.Linfo_string5:
	.asciz	"__ARRAY_SIZE_TYPE__"           # string offset=62
.Linfo_string6:
	.asciz	"counts"                        # string offset=82
.Linfo_string7:
	.asciz	"type"                          # string offset=89
.Linfo_string8:
	.asciz	"int"                           # string offset=94
.Linfo_string9:
	.asciz	"max_entries"                   # string offset=98
.Linfo_string10:
	.asciz	"key"                           # string offset=110
.Linfo_string11:
	.asciz	"unsigned int"                  # string offset=114
.Linfo_string12:
	.asciz	"__u32"                         # string offset=127
.Linfo_string13:
	.asciz	"value"                         # string offset=133
.Linfo_string14:
	.asciz	"unsigned long long"            # string offset=139
.Linfo_string15:
	.asciz	"__u64"                         # string offset=158
.Linfo_string16:
	.asciz	"stats"                         # string offset=164
.Linfo_string17:
	.asciz	"bpf_map_lookup_elem"           # string offset=170
.Linfo_string18:
	.asciz	"bpf_map_update_elem"           # string offset=190
.Linfo_string19:
	.asciz	"long"                          # string offset=210
.Linfo_string20:
	.asciz	"BPF_ANY"                       # string offset=215
.Linfo_string21:
	.asciz	"BPF_NOEXIST"                   # string offset=223
.Linfo_string22:
	.asciz	"BPF_EXIST"                     # string offset=235
.Linfo_string23:
	.asciz	"BPF_F_LOCK"                    # string offset=245
.Linfo_string24:
	.asciz	"XDP_ABORTED"                   # string offset=256
.Linfo_string25:
	.asciz	"XDP_DROP"                      # string offset=268
.Linfo_string26:
	.asciz	"XDP_PASS"                      # string offset=277
.Linfo_string27:
	.asciz	"XDP_TX"                        # string offset=286
.Linfo_string28:
	.asciz	"XDP_REDIRECT"                  # string offset=293
.Linfo_string29:
	.asciz	"xdp_action"                    # string offset=306
.Linfo_string30:
	.asciz	"count_packets"                 # string offset=317
.Linfo_string31:
	.asciz	"one"                           # string offset=331
.Linfo_string32:
	.asciz	"k0"                            # string offset=335
.Linfo_string33:
	.asciz	"ctx"                           # string offset=338
.Linfo_string34:
	.asciz	"data"                          # string offset=342
.Linfo_string35:
	.asciz	"data_end"                      # string offset=347
.Linfo_string36:
	.asciz	"data_meta"                     # string offset=356
.Linfo_string37:
	.asciz	"ingress_ifindex"               # string offset=366
.Linfo_string38:
	.asciz	"rx_queue_index"                # string offset=382
.Linfo_string39:
	.asciz	"egress_ifindex"                # string offset=397
.Linfo_string40:
	.asciz	"xdp_md"                        # string offset=412
.Linfo_string41:
	.asciz	"v"                             # string offset=419
.Linfo_string42:
	.asciz	"s"                             # string offset=421
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
	.long	.Linfo_string26
	.long	.Linfo_string27
	.long	.Linfo_string28
	.long	.Linfo_string29
	.long	.Linfo_string30
	.long	.Linfo_string31
	.long	.Linfo_string32
	.long	.Linfo_string33
	.long	.Linfo_string34
	.long	.Linfo_string35
	.long	.Linfo_string36
	.long	.Linfo_string37
	.long	.Linfo_string38
	.long	.Linfo_string39
	.long	.Linfo_string40
	.long	.Linfo_string41
	.long	.Linfo_string42
	.section	.debug_addr,"",@progbits
	.long	.Ldebug_addr_end0-.Ldebug_addr_start0 # Length of contribution
.Ldebug_addr_start0:
	.short	5                               # DWARF version number
	.byte	8                               # Address size
	.byte	0                               # Segment selector size
.Laddr_table_base0:
	.quad	LICENSE
	.quad	counts
	.quad	stats
	.quad	.Lfunc_begin0
.Ldebug_addr_end0:
	.section	.BTF,"",@progbits
	.short	60319                           # 0xeb9f
	.byte	1
	.byte	0
	.long	24
	.long	0
	.long	652
	.long	652
	.long	591
	.long	0                               # BTF_KIND_PTR(id = 1)
	.long	33554432                        # 0x2000000
	.long	3
	.long	1                               # BTF_KIND_INT(id = 2)
	.long	16777216                        # 0x1000000
	.long	4
	.long	16777248                        # 0x1000020
	.long	0                               # BTF_KIND_ARRAY(id = 3)
	.long	50331648                        # 0x3000000
	.long	0
	.long	2
	.long	4
	.long	1
	.long	5                               # BTF_KIND_INT(id = 4)
	.long	16777216                        # 0x1000000
	.long	4
	.long	32                              # 0x20
	.long	0                               # BTF_KIND_PTR(id = 5)
	.long	33554432                        # 0x2000000
	.long	6
	.long	0                               # BTF_KIND_ARRAY(id = 6)
	.long	50331648                        # 0x3000000
	.long	0
	.long	2
	.long	4
	.long	64
	.long	0                               # BTF_KIND_PTR(id = 7)
	.long	33554432                        # 0x2000000
	.long	8
	.long	25                              # BTF_KIND_TYPEDEF(id = 8)
	.long	134217728                       # 0x8000000
	.long	9
	.long	31                              # BTF_KIND_INT(id = 9)
	.long	16777216                        # 0x1000000
	.long	4
	.long	32                              # 0x20
	.long	0                               # BTF_KIND_PTR(id = 10)
	.long	33554432                        # 0x2000000
	.long	11
	.long	44                              # BTF_KIND_TYPEDEF(id = 11)
	.long	134217728                       # 0x8000000
	.long	12
	.long	50                              # BTF_KIND_INT(id = 12)
	.long	16777216                        # 0x1000000
	.long	8
	.long	64                              # 0x40
	.long	0                               # BTF_KIND_STRUCT(id = 13)
	.long	67108868                        # 0x4000004
	.long	32
	.long	69
	.long	1
	.long	0                               # 0x0
	.long	74
	.long	5
	.long	64                              # 0x40
	.long	86
	.long	7
	.long	128                             # 0x80
	.long	90
	.long	10
	.long	192                             # 0xc0
	.long	96                              # BTF_KIND_VAR(id = 14)
	.long	234881024                       # 0xe000000
	.long	13
	.long	1
	.long	0                               # BTF_KIND_PTR(id = 15)
	.long	33554432                        # 0x2000000
	.long	16
	.long	0                               # BTF_KIND_ARRAY(id = 16)
	.long	50331648                        # 0x3000000
	.long	0
	.long	2
	.long	4
	.long	2
	.long	0                               # BTF_KIND_PTR(id = 17)
	.long	33554432                        # 0x2000000
	.long	18
	.long	0                               # BTF_KIND_ARRAY(id = 18)
	.long	50331648                        # 0x3000000
	.long	0
	.long	2
	.long	4
	.long	4
	.long	0                               # BTF_KIND_STRUCT(id = 19)
	.long	67108868                        # 0x4000004
	.long	32
	.long	69
	.long	15
	.long	0                               # 0x0
	.long	74
	.long	17
	.long	64                              # 0x40
	.long	86
	.long	7
	.long	128                             # 0x80
	.long	90
	.long	10
	.long	192                             # 0xc0
	.long	103                             # BTF_KIND_VAR(id = 20)
	.long	234881024                       # 0xe000000
	.long	19
	.long	1
	.long	0                               # BTF_KIND_PTR(id = 21)
	.long	33554432                        # 0x2000000
	.long	22
	.long	109                             # BTF_KIND_STRUCT(id = 22)
	.long	67108870                        # 0x4000006
	.long	24
	.long	116
	.long	8
	.long	0                               # 0x0
	.long	121
	.long	8
	.long	32                              # 0x20
	.long	130
	.long	8
	.long	64                              # 0x40
	.long	140
	.long	8
	.long	96                              # 0x60
	.long	156
	.long	8
	.long	128                             # 0x80
	.long	171
	.long	8
	.long	160                             # 0xa0
	.long	0                               # BTF_KIND_FUNC_PROTO(id = 23)
	.long	218103809                       # 0xd000001
	.long	2
	.long	186
	.long	21
	.long	190                             # BTF_KIND_FUNC(id = 24)
	.long	201326593                       # 0xc000001
	.long	23
	.long	564                             # BTF_KIND_INT(id = 25)
	.long	16777216                        # 0x1000000
	.long	1
	.long	16777224                        # 0x1000008
	.long	0                               # BTF_KIND_ARRAY(id = 26)
	.long	50331648                        # 0x3000000
	.long	0
	.long	25
	.long	4
	.long	4
	.long	569                             # BTF_KIND_VAR(id = 27)
	.long	234881024                       # 0xe000000
	.long	26
	.long	1
	.long	577                             # BTF_KIND_DATASEC(id = 28)
	.long	251658242                       # 0xf000002
	.long	0
	.long	14
	.long	counts
	.long	32
	.long	20
	.long	stats
	.long	32
	.long	583                             # BTF_KIND_DATASEC(id = 29)
	.long	251658241                       # 0xf000001
	.long	0
	.long	27
	.long	LICENSE
	.long	4
	.byte	0                               # string offset=0
	.ascii	"int"                           # string offset=1
	.byte	0
	.ascii	"__ARRAY_SIZE_TYPE__"           # string offset=5
	.byte	0
	.ascii	"__u32"                         # string offset=25
	.byte	0
	.ascii	"unsigned int"                  # string offset=31
	.byte	0
	.ascii	"__u64"                         # string offset=44
	.byte	0
	.ascii	"unsigned long long"            # string offset=50
	.byte	0
	.ascii	"type"                          # string offset=69
	.byte	0
	.ascii	"max_entries"                   # string offset=74
	.byte	0
	.ascii	"key"                           # string offset=86
	.byte	0
	.ascii	"value"                         # string offset=90
	.byte	0
	.ascii	"counts"                        # string offset=96
	.byte	0
	.ascii	"stats"                         # string offset=103
	.byte	0
	.ascii	"xdp_md"                        # string offset=109
	.byte	0
	.ascii	"data"                          # string offset=116
	.byte	0
	.ascii	"data_end"                      # string offset=121
	.byte	0
	.ascii	"data_meta"                     # string offset=130
	.byte	0
	.ascii	"ingress_ifindex"               # string offset=140
	.byte	0
	.ascii	"rx_queue_index"                # string offset=156
	.byte	0
	.ascii	"egress_ifindex"                # string offset=171
	.byte	0
	.ascii	"ctx"                           # string offset=186
	.byte	0
	.ascii	"count_packets"                 # string offset=190
	.byte	0
	.ascii	"xdp"                           # string offset=204
	.byte	0
	.ascii	"./maps.c"                      # string offset=208
	.byte	0
	.ascii	"int count_packets(struct xdp_md *ctx)" # string offset=217
	.byte	0
	.ascii	"\t__u32 key = ctx->ingress_ifindex;" # string offset=255
	.byte	0
	.ascii	"\t__u64 one = 1, *v;"          # string offset=290
	.byte	0
	.ascii	"\tv = bpf_map_lookup_elem(&counts, &key);" # string offset=310
	.byte	0
	.ascii	"\tif (v)"                      # string offset=351
	.byte	0
	.ascii	"\t\t__sync_fetch_and_add(v, 1);" # string offset=359
	.byte	0
	.ascii	"\t\tbpf_map_update_elem(&counts, &key, &one, BPF_ANY);" # string offset=389
	.byte	0
	.ascii	"\t__u32 k0 = 0;"               # string offset=442
	.byte	0
	.ascii	"\t__u64 *s = bpf_map_lookup_elem(&stats, &k0);" # string offset=457
	.byte	0
	.ascii	"\tif (s)"                      # string offset=503
	.byte	0
	.ascii	"\t\t*s += ctx->data_end - ctx->data;" # string offset=511
	.byte	0
	.ascii	"\treturn XDP_PASS;"            # string offset=546
	.byte	0
	.ascii	"char"                          # string offset=564
	.byte	0
	.ascii	"LICENSE"                       # string offset=569
	.byte	0
	.ascii	".maps"                         # string offset=577
	.byte	0
	.ascii	"license"                       # string offset=583
	.byte	0
	.section	.BTF.ext,"",@progbits
	.short	60319                           # 0xeb9f
	.byte	1
	.byte	0
	.long	32
	.long	0
	.long	20
	.long	20
	.long	268
	.long	288
	.long	0
	.long	8                               # FuncInfo
	.long	204                             # FuncInfo section string offset=204
	.long	1
	.long	.Lfunc_begin0
	.long	24
	.long	16                              # LineInfo
	.long	204                             # LineInfo section string offset=204
	.long	16
	.long	.Lfunc_begin0
	.long	208
	.long	217
	.long	20480                           # Line 20 Col 0
	.long	.Ltmp2
	.long	208
	.long	255
	.long	22547                           # Line 22 Col 19
	.long	.Ltmp3
	.long	208
	.long	255
	.long	22536                           # Line 22 Col 8
	.long	.Ltmp4
	.long	208
	.long	290
	.long	23560                           # Line 23 Col 8
	.long	.Ltmp5
	.long	208
	.long	310
	.long	25606                           # Line 25 Col 6
	.long	.Ltmp8
	.long	208
	.long	351
	.long	26630                           # Line 26 Col 6
	.long	.Ltmp11
	.long	208
	.long	359
	.long	27651                           # Line 27 Col 3
	.long	.Ltmp14
	.long	208
	.long	389
	.long	29699                           # Line 29 Col 3
	.long	.Ltmp17
	.long	208
	.long	442
	.long	30728                           # Line 30 Col 8
	.long	.Ltmp18
	.long	208
	.long	457
	.long	31757                           # Line 31 Col 13
	.long	.Ltmp21
	.long	208
	.long	503
	.long	32774                           # Line 32 Col 6
	.long	.Ltmp24
	.long	208
	.long	511
	.long	33822                           # Line 33 Col 30
	.long	.Ltmp25
	.long	208
	.long	511
	.long	33806                           # Line 33 Col 14
	.long	.Ltmp26
	.long	208
	.long	511
	.long	33815                           # Line 33 Col 23
	.long	.Ltmp27
	.long	208
	.long	511
	.long	33798                           # Line 33 Col 6
	.long	.Ltmp30
	.long	208
	.long	546
	.long	34818                           # Line 34 Col 2
	.addrsig
	.addrsig_sym count_packets
	.addrsig_sym counts
	.addrsig_sym stats
	.addrsig_sym LICENSE
	.section	.debug_line,"",@progbits
.Lline_table_start0:
