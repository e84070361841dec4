	.text
	.file	"callbacks.c"
	.file	0 "." "callbacks.c" md5 0x8669d2c85d751a5c588bcd171f3740d6
	.file	1 "/usr/include/asm-generic" "int-ll64.h" md5 0xb810f270733e106319b67ef512c6246e
	.file	2 "/usr/include/bpf" "bpf_helper_defs.h" md5 0xba0039f6acc4710a5f4349e628ddfb60
	.section	tc,"ax",@progbits
	.globl	loops                           # -- Begin function loops
	.p2align	3
	.type	loops,@function
loops:                                  # @loops
.Lfunc_begin0:
	.loc	0 43 0                          # callbacks.c:43:0
	.cfi_sections .debug_frame
	.cfi_startproc
# %bb.0:
	#DEBUG_VALUE: loops:skb <- $r1
	r6 = r1
.Ltmp0:
.Ltmp1:
	#DEBUG_VALUE: loops:skb <- $r6
	.loc	0 44 28 prologue_end            # callbacks.c:44:28
.Ltmp2:
	r1 = LINUX_KERNEL_VERSION ll
	w1 = *(u32 *)(r1 + 0)
	.loc	0 44 51 is_stmt 0               # callbacks.c:44:51
.Ltmp3:
	r2 = CONFIG_HZ ll
	w2 = *(u32 *)(r2 + 0)
	.loc	0 44 49                         # callbacks.c:44:49
.Ltmp4:
	w2 += w1
	.loc	0 44 28                         # callbacks.c:44:28
.Ltmp5:
	r2 <<= 32
	r2 s>>= 32
	.loc	0 44 19                         # callbacks.c:44:19
.Ltmp6:
	*(u64 *)(r10 - 8) = r2
	.loc	0 45 2 is_stmt 1                # callbacks.c:45:2
.Ltmp7:
	call bpf_rcu_read_lock
.Ltmp8:
	.loc	0 0 2 is_stmt 0                 # callbacks.c:0:2
	r7 = r10
	r7 += -8
	.loc	0 46 2 is_stmt 1                # callbacks.c:46:2
.Ltmp9:
	w1 = 100
	r2 = add_one ll
	r3 = r7
	r4 = 0
	call 181
.Ltmp10:
	.loc	0 47 2                          # callbacks.c:47:2
.Ltmp11:
	r1 = vals ll
	r2 = visit ll
	r3 = r7
	r4 = 0
	call 164
.Ltmp12:
	.loc	0 48 2                          # callbacks.c:48:2
.Ltmp13:
	call bpf_rcu_read_unlock
.Ltmp14:
	.loc	0 49 8                          # callbacks.c:49:8
.Ltmp15:
.Ltmp16:
	r0 = *(u64 *)(r10 - 8)
.Ltmp17:
.Ltmp18:
	.loc	0 49 6 is_stmt 0                # callbacks.c:49:6
.Ltmp19:
	if r0 != 12345 goto LBB0_2
.Ltmp20:
.Ltmp21:
# %bb.1:
	#DEBUG_VALUE: loops:skb <- $r6
	.loc	0 50 3 is_stmt 1                # callbacks.c:50:3
.Ltmp22:
	r1 = r6
	r2 = jumps ll
	w3 = 1
	call 12
.Ltmp23:
.Ltmp24:
	.loc	0 51 16                         # callbacks.c:51:16
.Ltmp25:
	r0 = *(u64 *)(r10 - 8)
.Ltmp26:
.Ltmp27:
LBB0_2:
	#DEBUG_VALUE: loops:skb <- $r6
                                        # kill: def $w0 killed $w0 killed $r0
	.loc	0 51 2 is_stmt 0                # callbacks.c:51:2
.Ltmp28:
	exit
.Ltmp29:
.Ltmp30:
.Lfunc_end0:
	.size	loops, .Lfunc_end0-loops
	.cfi_endproc
                                        # -- End function
	.text
	.p2align	3                               # -- Begin function add_one
	.type	add_one,@function
add_one:                                # @add_one
.Lfunc_begin1:
	.cfi_startproc
# %bb.0:
	#DEBUG_VALUE: add_one:i <- $w1
	#DEBUG_VALUE: add_one:data <- $r2
	#DEBUG_VALUE: add_one:c <- $r2
	.loc	0 31 14 prologue_end is_stmt 1  # callbacks.c:31:14
.Ltmp31:
	w3 = w1
	w3 *= 3
	.loc	0 31 9 is_stmt 0                # callbacks.c:31:9
.Ltmp32:
	r4 = *(u64 *)(r2 + 0)
	r4 += r3
	*(u64 *)(r2 + 0) = r4
	w0 = 1
	.loc	0 32 11 is_stmt 1               # callbacks.c:32:11
.Ltmp33:
	if w1 > 50 goto LBB1_2
.Ltmp34:
.Ltmp35:
# %bb.1:
	#DEBUG_VALUE: add_one:c <- $r2
	#DEBUG_VALUE: add_one:data <- $r2
	#DEBUG_VALUE: add_one:i <- $w1
	.loc	0 0 11 is_stmt 0                # callbacks.c:0:11
	w0 = 0
.Ltmp36:
.Ltmp37:
LBB1_2:
	#DEBUG_VALUE: add_one:c <- $r2
	#DEBUG_VALUE: add_one:data <- $r2
	#DEBUG_VALUE: add_one:i <- $w1
	.loc	0 32 2                          # callbacks.c:32:2
.Ltmp38:
	exit
.Ltmp39:
.Ltmp40:
.Lfunc_end1:
	.size	add_one, .Lfunc_end1-add_one
	.cfi_endproc
                                        # -- End function
	.p2align	3                               # -- Begin function visit
	.type	visit,@function
visit:                                  # @visit
.Lfunc_begin2:
	.cfi_startproc
# %bb.0:
	#DEBUG_VALUE: visit:key <- $r2
	#DEBUG_VALUE: visit:val <- $r3
	#DEBUG_VALUE: visit:c <- $r4
	.loc	0 37 12 prologue_end is_stmt 1  # callbacks.c:37:12
.Ltmp41:
	r1 = *(u64 *)(r3 + 0)
	.loc	0 37 19 is_stmt 0               # callbacks.c:37:19
.Ltmp42:
	w2 = *(u32 *)(r2 + 0)
.Ltmp43:
.Ltmp44:
	.loc	0 37 17                         # callbacks.c:37:17
.Ltmp45:
	r1 += r2
	.loc	0 37 9                          # callbacks.c:37:9
.Ltmp46:
	r2 = *(u64 *)(r4 + 0)
	r1 += r2
	*(u64 *)(r4 + 0) = r1
	.loc	0 38 2 is_stmt 1                # callbacks.c:38:2
.Ltmp47:
	r0 = 0
	exit
.Ltmp48:
.Ltmp49:
.Lfunc_end2:
	.size	visit, .Lfunc_end2-visit
	.cfi_endproc
                                        # -- End function
	.type	vals,@object                    # @vals
	.section	.maps,"aw",@progbits
	.globl	vals
	.p2align	3, 0x0
vals:
	.zero	32
	.size	vals, 32

	.type	jumps,@object                   # @jumps
	.globl	jumps
	.p2align	3, 0x0
jumps:
	.zero	32
	.size	jumps, 32

	.type	LICENSE,@object                 # @LICENSE
	.section	license,"aw",@progbits
	.globl	LICENSE
LICENSE:
	.asciz	"GPL"
	.size	LICENSE, 4

	.file	3 "/usr/include/linux" "bpf.h" md5 0x8ab7bf195d20e2851bf1a9e5b71245ca
	.file	4 "/usr/include/linux" "types.h" md5 0xa82ae197a4533c0fa7d08f3ccc99ef94
	.section	.debug_loclists,"",@progbits
	.long	.Ldebug_list_header_end0-.Ldebug_list_header_start0 # Length
.Ldebug_list_header_start0:
	.short	5                               # Version
	.byte	8                               # Address size
	.byte	0                               # Segment selector size
	.long	2                               # Offset entry count
.Lloclists_table_base0:
	.long	.Ldebug_loc0-.Lloclists_table_base0
	.long	.Ldebug_loc1-.Lloclists_table_base0
.Ldebug_loc0:
	.byte	1                               # DW_LLE_base_addressx
	.byte	5                               #   base address index
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
	.byte	1                               # DW_LLE_base_addressx
	.byte	8                               #   base address index
	.byte	4                               # DW_LLE_offset_pair
	.uleb128 .Lfunc_begin2-.Lfunc_begin1    #   starting offset
	.uleb128 .Ltmp43-.Lfunc_begin1          #   ending offset
	.byte	1                               # Loc expr size
	.byte	82                              # DW_OP_reg2
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
	.byte	1                               # DW_FORM_addr
	.byte	85                              # DW_AT_ranges
	.byte	35                              # DW_FORM_rnglistx
	.byte	115                             # DW_AT_addr_base
	.byte	23                              # DW_FORM_sec_offset
	.byte	116                             # DW_AT_rnglists_base
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
	.byte	63                              # DW_AT_external
	.byte	25                              # DW_FORM_flag_present
	.byte	58                              # DW_AT_decl_file
	.byte	11                              # DW_FORM_data1
	.byte	59                              # DW_AT_decl_line
	.byte	11                              # DW_FORM_data1
	.byte	60                              # DW_AT_declaration
	.byte	25                              # DW_FORM_flag_present
	.byte	2                               # DW_AT_location
	.byte	24                              # DW_FORM_exprloc
	.byte	0                               # EOM(1)
	.byte	0                               # EOM(2)
	.byte	12                              # Abbreviation Code
	.byte	52                              # DW_TAG_variable
	.byte	0                               # DW_CHILDREN_no
	.byte	3                               # DW_AT_name
	.byte	37                              # DW_FORM_strx1
	.byte	73                              # DW_AT_type
	.byte	19                              # DW_FORM_ref4
	.byte	58                              # DW_AT_decl_file
	.byte	11                              # DW_FORM_data1
	.byte	59                              # DW_AT_decl_line
	.byte	5                               # DW_FORM_data2
	.byte	28                              # DW_AT_const_value
	.byte	15                              # DW_FORM_udata
	.byte	0                               # EOM(1)
	.byte	0                               # EOM(2)
	.byte	13                              # Abbreviation Code
	.byte	21                              # DW_TAG_subroutine_type
	.byte	1                               # DW_CHILDREN_yes
	.byte	73                              # DW_AT_type
	.byte	19                              # DW_FORM_ref4
	.byte	39                              # DW_AT_prototyped
	.byte	25                              # DW_FORM_flag_present
	.byte	0                               # EOM(1)
	.byte	0                               # EOM(2)
	.byte	14                              # Abbreviation Code
	.byte	5                               # DW_TAG_formal_parameter
	.byte	0                               # DW_CHILDREN_no
	.byte	73                              # DW_AT_type
	.byte	19                              # DW_FORM_ref4
	.byte	0                               # EOM(1)
	.byte	0                               # EOM(2)
	.byte	15                              # Abbreviation Code
	.byte	15                              # DW_TAG_pointer_type
	.byte	0                               # DW_CHILDREN_no
	.byte	0                               # EOM(1)
	.byte	0                               # EOM(2)
	.byte	16                              # Abbreviation Code
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
	.byte	17                              # Abbreviation Code
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
	.byte	18                              # Abbreviation Code
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
	.byte	19                              # Abbreviation Code
	.byte	72                              # DW_TAG_call_site
	.byte	0                               # DW_CHILDREN_no
	.byte	127                             # DW_AT_call_origin
	.byte	19                              # DW_FORM_ref4
	.byte	125                             # DW_AT_call_return_pc
	.byte	27                              # DW_FORM_addrx
	.byte	0                               # EOM(1)
	.byte	0                               # EOM(2)
	.byte	20                              # Abbreviation Code
	.byte	46                              # DW_TAG_subprogram
	.byte	0                               # DW_CHILDREN_no
	.byte	3                               # DW_AT_name
	.byte	37                              # DW_FORM_strx1
	.byte	58                              # DW_AT_decl_file
	.byte	11                              # DW_FORM_data1
	.byte	59                              # DW_AT_decl_line
	.byte	11                              # DW_FORM_data1
	.byte	39                              # DW_AT_prototyped
	.byte	25                              # DW_FORM_flag_present
	.byte	60                              # DW_AT_declaration
	.byte	25                              # DW_FORM_flag_present
	.byte	63                              # DW_AT_external
	.byte	25                              # DW_FORM_flag_present
	.byte	0                               # EOM(1)
	.byte	0                               # EOM(2)
	.byte	21                              # Abbreviation Code
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
	.byte	0                               # EOM(1)
	.byte	0                               # EOM(2)
	.byte	22                              # Abbreviation Code
	.byte	5                               # DW_TAG_formal_parameter
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
	.byte	23                              # Abbreviation Code
	.byte	5                               # DW_TAG_formal_parameter
	.byte	0                               # DW_CHILDREN_no
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
	.byte	24                              # Abbreviation Code
	.byte	19                              # DW_TAG_structure_type
	.byte	1                               # DW_CHILDREN_yes
	.byte	3                               # DW_AT_name
	.byte	37                              # DW_FORM_strx1
	.byte	11                              # DW_AT_byte_size
	.byte	11                              # DW_FORM_data1
	.byte	58                              # DW_AT_decl_file
	.byte	11                              # DW_FORM_data1
	.byte	59                              # DW_AT_decl_line
	.byte	11                              # DW_FORM_data1
	.byte	0                               # EOM(1)
	.byte	0                               # EOM(2)
	.byte	25                              # Abbreviation Code
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
	.byte	26                              # Abbreviation Code
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
	.byte	27                              # Abbreviation Code
	.byte	13                              # DW_TAG_member
	.byte	0                               # DW_CHILDREN_no
	.byte	73                              # DW_AT_type
	.byte	19                              # DW_FORM_ref4
	.byte	58                              # DW_AT_decl_file
	.byte	11                              # DW_FORM_data1
	.byte	59                              # DW_AT_decl_line
	.byte	5                               # DW_FORM_data2
	.ascii	"\210\001"                      # DW_AT_alignment
	.byte	15                              # DW_FORM_udata
	.byte	56                              # DW_AT_data_member_location
	.byte	11                              # DW_FORM_data1
	.byte	0                               # EOM(1)
	.byte	0                               # EOM(2)
	.byte	28                              # Abbreviation Code
	.byte	23                              # DW_TAG_union_type
	.byte	1                               # DW_CHILDREN_yes
	.byte	11                              # DW_AT_byte_size
	.byte	11                              # DW_FORM_data1
	.byte	58                              # DW_AT_decl_file
	.byte	11                              # DW_FORM_data1
	.byte	59                              # DW_AT_decl_line
	.byte	5                               # DW_FORM_data2
	.ascii	"\210\001"                      # DW_AT_alignment
	.byte	15                              # DW_FORM_udata
	.byte	0                               # EOM(1)
	.byte	0                               # EOM(2)
	.byte	29                              # Abbreviation Code
	.byte	13                              # DW_TAG_member
	.byte	0                               # DW_CHILDREN_no
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
	.byte	30                              # Abbreviation Code
	.byte	23                              # DW_TAG_union_type
	.byte	1                               # DW_CHILDREN_yes
	.byte	11                              # DW_AT_byte_size
	.byte	11                              # DW_FORM_data1
	.byte	58                              # DW_AT_decl_file
	.byte	11                              # DW_FORM_data1
	.byte	59                              # DW_AT_decl_line
	.byte	5                               # DW_FORM_data2
	.byte	0                               # EOM(1)
	.byte	0                               # EOM(2)
	.byte	31                              # Abbreviation Code
	.byte	19                              # DW_TAG_structure_type
	.byte	1                               # DW_CHILDREN_yes
	.byte	11                              # DW_AT_byte_size
	.byte	11                              # DW_FORM_data1
	.byte	58                              # DW_AT_decl_file
	.byte	11                              # DW_FORM_data1
	.byte	59                              # DW_AT_decl_line
	.byte	5                               # DW_FORM_data2
	.byte	0                               # EOM(1)
	.byte	0                               # EOM(2)
	.byte	32                              # Abbreviation Code
	.byte	19                              # DW_TAG_structure_type
	.byte	0                               # DW_CHILDREN_no
	.byte	3                               # DW_AT_name
	.byte	37                              # DW_FORM_strx1
	.byte	60                              # DW_AT_declaration
	.byte	25                              # DW_FORM_flag_present
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
	.byte	1                               # Abbrev [1] 0xc:0x599 DW_TAG_compile_unit
	.byte	0                               # DW_AT_producer
	.short	29                              # DW_AT_language
	.byte	1                               # DW_AT_name
	.long	.Lstr_offsets_base0             # DW_AT_str_offsets_base
	.long	.Lline_table_start0             # DW_AT_stmt_list
	.byte	2                               # DW_AT_comp_dir
	.quad	0                               # DW_AT_low_pc
	.byte	0                               # DW_AT_ranges
	.long	.Laddr_table_base0              # DW_AT_addr_base
	.long	.Lrnglists_table_base0          # DW_AT_rnglists_base
	.long	.Lloclists_table_base0          # DW_AT_loclists_base
	.byte	2                               # Abbrev [2] 0x2f:0xb DW_TAG_variable
	.byte	3                               # DW_AT_name
	.long	58                              # DW_AT_type
                                        # DW_AT_external
	.byte	0                               # DW_AT_decl_file
	.byte	54                              # DW_AT_decl_line
	.byte	2                               # DW_AT_location
	.byte	161
	.byte	0
	.byte	3                               # Abbrev [3] 0x3a:0xc DW_TAG_array_type
	.long	70                              # DW_AT_type
	.byte	4                               # Abbrev [4] 0x3f:0x6 DW_TAG_subrange_type
	.long	74                              # DW_AT_type
	.byte	4                               # DW_AT_count
	.byte	0                               # End Of Children Mark
	.byte	5                               # Abbrev [5] 0x46:0x4 DW_TAG_base_type
	.byte	4                               # DW_AT_name
	.byte	6                               # DW_AT_encoding
	.byte	1                               # DW_AT_byte_size
	.byte	6                               # Abbrev [6] 0x4a:0x4 DW_TAG_base_type
	.byte	5                               # DW_AT_name
	.byte	8                               # DW_AT_byte_size
	.byte	7                               # DW_AT_encoding
	.byte	2                               # Abbrev [2] 0x4e:0xb DW_TAG_variable
	.byte	6                               # DW_AT_name
	.long	89                              # DW_AT_type
                                        # DW_AT_external
	.byte	0                               # DW_AT_decl_file
	.byte	11                              # DW_AT_decl_line
	.byte	2                               # DW_AT_location
	.byte	161
	.byte	1
	.byte	7                               # Abbrev [7] 0x59:0x29 DW_TAG_structure_type
	.byte	32                              # DW_AT_byte_size
	.byte	0                               # DW_AT_decl_file
	.byte	6                               # DW_AT_decl_line
	.byte	8                               # Abbrev [8] 0x5d:0x9 DW_TAG_member
	.byte	7                               # DW_AT_name
	.long	130                             # DW_AT_type
	.byte	0                               # DW_AT_decl_file
	.byte	7                               # DW_AT_decl_line
	.byte	0                               # DW_AT_data_member_location
	.byte	8                               # Abbrev [8] 0x66:0x9 DW_TAG_member
	.byte	9                               # DW_AT_name
	.long	151                             # DW_AT_type
	.byte	0                               # DW_AT_decl_file
	.byte	8                               # DW_AT_decl_line
	.byte	8                               # DW_AT_data_member_location
	.byte	8                               # Abbrev [8] 0x6f:0x9 DW_TAG_member
	.byte	10                              # DW_AT_name
	.long	168                             # DW_AT_type
	.byte	0                               # DW_AT_decl_file
	.byte	9                               # DW_AT_decl_line
	.byte	16                              # DW_AT_data_member_location
	.byte	8                               # Abbrev [8] 0x78:0x9 DW_TAG_member
	.byte	13                              # DW_AT_name
	.long	185                             # DW_AT_type
	.byte	0                               # DW_AT_decl_file
	.byte	10                              # DW_AT_decl_line
	.byte	24                              # DW_AT_data_member_location
	.byte	0                               # End Of Children Mark
	.byte	9                               # Abbrev [9] 0x82:0x5 DW_TAG_pointer_type
	.long	135                             # DW_AT_type
	.byte	3                               # Abbrev [3] 0x87:0xc DW_TAG_array_type
	.long	147                             # DW_AT_type
	.byte	4                               # Abbrev [4] 0x8c:0x6 DW_TAG_subrange_type
	.long	74                              # DW_AT_type
	.byte	2                               # DW_AT_count
	.byte	0                               # End Of Children Mark
	.byte	5                               # Abbrev [5] 0x93:0x4 DW_TAG_base_type
	.byte	8                               # DW_AT_name
	.byte	5                               # DW_AT_encoding
	.byte	4                               # DW_AT_byte_size
	.byte	9                               # Abbrev [9] 0x97:0x5 DW_TAG_pointer_type
	.long	156                             # DW_AT_type
	.byte	3                               # Abbrev [3] 0x9c:0xc DW_TAG_array_type
	.long	147                             # DW_AT_type
	.byte	4                               # Abbrev [4] 0xa1:0x6 DW_TAG_subrange_type
	.long	74                              # DW_AT_type
	.byte	8                               # DW_AT_count
	.byte	0                               # End Of Children Mark
	.byte	9                               # Abbrev [9] 0xa8:0x5 DW_TAG_pointer_type
	.long	173                             # DW_AT_type
	.byte	10                              # Abbrev [10] 0xad:0x8 DW_TAG_typedef
	.long	181                             # DW_AT_type
	.byte	12                              # DW_AT_name
	.byte	1                               # DW_AT_decl_file
	.byte	27                              # DW_AT_decl_line
	.byte	5                               # Abbrev [5] 0xb5:0x4 DW_TAG_base_type
	.byte	11                              # DW_AT_name
	.byte	7                               # DW_AT_encoding
	.byte	4                               # DW_AT_byte_size
	.byte	9                               # Abbrev [9] 0xb9:0x5 DW_TAG_pointer_type
	.long	190                             # DW_AT_type
	.byte	10                              # Abbrev [10] 0xbe:0x8 DW_TAG_typedef
	.long	198                             # DW_AT_type
	.byte	15                              # DW_AT_name
	.byte	1                               # DW_AT_decl_file
	.byte	31                              # DW_AT_decl_line
	.byte	5                               # Abbrev [5] 0xc6:0x4 DW_TAG_base_type
	.byte	14                              # DW_AT_name
	.byte	7                               # DW_AT_encoding
	.byte	8                               # DW_AT_byte_size
	.byte	2                               # Abbrev [2] 0xca:0xb DW_TAG_variable
	.byte	16                              # DW_AT_name
	.long	213                             # DW_AT_type
                                        # DW_AT_external
	.byte	0                               # DW_AT_decl_file
	.byte	18                              # DW_AT_decl_line
	.byte	2                               # DW_AT_location
	.byte	161
	.byte	2
	.byte	7                               # Abbrev [7] 0xd5:0x29 DW_TAG_structure_type
	.byte	32                              # DW_AT_byte_size
	.byte	0                               # DW_AT_decl_file
	.byte	13                              # DW_AT_decl_line
	.byte	8                               # Abbrev [8] 0xd9:0x9 DW_TAG_member
	.byte	7                               # DW_AT_name
	.long	254                             # DW_AT_type
	.byte	0                               # DW_AT_decl_file
	.byte	14                              # DW_AT_decl_line
	.byte	0                               # DW_AT_data_member_location
	.byte	8                               # Abbrev [8] 0xe2:0x9 DW_TAG_member
	.byte	9                               # DW_AT_name
	.long	271                             # DW_AT_type
	.byte	0                               # DW_AT_decl_file
	.byte	15                              # DW_AT_decl_line
	.byte	8                               # DW_AT_data_member_location
	.byte	8                               # Abbrev [8] 0xeb:0x9 DW_TAG_member
	.byte	10                              # DW_AT_name
	.long	168                             # DW_AT_type
	.byte	0                               # DW_AT_decl_file
	.byte	16                              # DW_AT_decl_line
	.byte	16                              # DW_AT_data_member_location
	.byte	8                               # Abbrev [8] 0xf4:0x9 DW_TAG_member
	.byte	13                              # DW_AT_name
	.long	168                             # DW_AT_type
	.byte	0                               # DW_AT_decl_file
	.byte	17                              # DW_AT_decl_line
	.byte	24                              # DW_AT_data_member_location
	.byte	0                               # End Of Children Mark
	.byte	9                               # Abbrev [9] 0xfe:0x5 DW_TAG_pointer_type
	.long	259                             # DW_AT_type
	.byte	3                               # Abbrev [3] 0x103:0xc DW_TAG_array_type
	.long	147                             # DW_AT_type
	.byte	4                               # Abbrev [4] 0x108:0x6 DW_TAG_subrange_type
	.long	74                              # DW_AT_type
	.byte	3                               # DW_AT_count
	.byte	0                               # End Of Children Mark
	.byte	9                               # Abbrev [9] 0x10f:0x5 DW_TAG_pointer_type
	.long	276                             # DW_AT_type
	.byte	3                               # Abbrev [3] 0x114:0xc DW_TAG_array_type
	.long	147                             # DW_AT_type
	.byte	4                               # Abbrev [4] 0x119:0x6 DW_TAG_subrange_type
	.long	74                              # DW_AT_type
	.byte	4                               # DW_AT_count
	.byte	0                               # End Of Children Mark
	.byte	11                              # Abbrev [11] 0x120:0xb DW_TAG_variable
	.byte	17                              # DW_AT_name
	.long	147                             # DW_AT_type
                                        # DW_AT_external
	.byte	0                               # DW_AT_decl_file
	.byte	22                              # DW_AT_decl_line
                                        # DW_AT_declaration
	.byte	2                               # DW_AT_location
	.byte	161
	.byte	3
	.byte	11                              # Abbrev [11] 0x12b:0xb DW_TAG_variable
	.byte	18                              # DW_AT_name
	.long	147                             # DW_AT_type
                                        # DW_AT_external
	.byte	0                               # DW_AT_decl_file
	.byte	23                              # DW_AT_decl_line
                                        # DW_AT_declaration
	.byte	2                               # DW_AT_location
	.byte	161
	.byte	4
	.byte	12                              # Abbrev [12] 0x136:0xb DW_TAG_variable
	.byte	19                              # DW_AT_name
	.long	321                             # DW_AT_type
	.byte	2                               # DW_AT_decl_file
	.short	4200                            # DW_AT_decl_line
	.ascii	"\265\001"                      # DW_AT_const_value
	.byte	9                               # Abbrev [9] 0x141:0x5 DW_TAG_pointer_type
	.long	326                             # DW_AT_type
	.byte	13                              # Abbrev [13] 0x146:0x1a DW_TAG_subroutine_type
	.long	352                             # DW_AT_type
                                        # DW_AT_prototyped
	.byte	14                              # Abbrev [14] 0x14b:0x5 DW_TAG_formal_parameter
	.long	173                             # DW_AT_type
	.byte	14                              # Abbrev [14] 0x150:0x5 DW_TAG_formal_parameter
	.long	356                             # DW_AT_type
	.byte	14                              # Abbrev [14] 0x155:0x5 DW_TAG_formal_parameter
	.long	356                             # DW_AT_type
	.byte	14                              # Abbrev [14] 0x15a:0x5 DW_TAG_formal_parameter
	.long	190                             # DW_AT_type
	.byte	0                               # End Of Children Mark
	.byte	5                               # Abbrev [5] 0x160:0x4 DW_TAG_base_type
	.byte	20                              # DW_AT_name
	.byte	5                               # DW_AT_encoding
	.byte	8                               # DW_AT_byte_size
	.byte	15                              # Abbrev [15] 0x164:0x1 DW_TAG_pointer_type
	.byte	12                              # Abbrev [12] 0x165:0xb DW_TAG_variable
	.byte	21                              # DW_AT_name
	.long	368                             # DW_AT_type
	.byte	2                               # DW_AT_decl_file
	.short	3899                            # DW_AT_decl_line
	.ascii	"\244\001"                      # DW_AT_const_value
	.byte	9                               # Abbrev [9] 0x170:0x5 DW_TAG_pointer_type
	.long	373                             # DW_AT_type
	.byte	13                              # Abbrev [13] 0x175:0x1a DW_TAG_subroutine_type
	.long	352                             # DW_AT_type
                                        # DW_AT_prototyped
	.byte	14                              # Abbrev [14] 0x17a:0x5 DW_TAG_formal_parameter
	.long	356                             # DW_AT_type
	.byte	14                              # Abbrev [14] 0x17f:0x5 DW_TAG_formal_parameter
	.long	356                             # DW_AT_type
	.byte	14                              # Abbrev [14] 0x184:0x5 DW_TAG_formal_parameter
	.long	356                             # DW_AT_type
	.byte	14                              # Abbrev [14] 0x189:0x5 DW_TAG_formal_parameter
	.long	190                             # DW_AT_type
	.byte	0                               # End Of Children Mark
	.byte	12                              # Abbrev [12] 0x18f:0xa DW_TAG_variable
	.byte	22                              # DW_AT_name
	.long	409                             # DW_AT_type
	.byte	2                               # DW_AT_decl_file
	.short	327                             # DW_AT_decl_line
	.byte	12                              # DW_AT_const_value
	.byte	9                               # Abbrev [9] 0x199:0x5 DW_TAG_pointer_type
	.long	414                             # DW_AT_type
	.byte	13                              # Abbrev [13] 0x19e:0x15 DW_TAG_subroutine_type
	.long	352                             # DW_AT_type
                                        # DW_AT_prototyped
	.byte	14                              # Abbrev [14] 0x1a3:0x5 DW_TAG_formal_parameter
	.long	356                             # DW_AT_type
	.byte	14                              # Abbrev [14] 0x1a8:0x5 DW_TAG_formal_parameter
	.long	356                             # DW_AT_type
	.byte	14                              # Abbrev [14] 0x1ad:0x5 DW_TAG_formal_parameter
	.long	173                             # DW_AT_type
	.byte	0                               # End Of Children Mark
	.byte	16                              # Abbrev [16] 0x1b3:0x30 DW_TAG_subprogram
	.byte	5                               # DW_AT_low_pc
	.long	.Lfunc_end0-.Lfunc_begin0       # DW_AT_high_pc
	.byte	1                               # DW_AT_frame_base
	.byte	90
                                        # DW_AT_call_all_calls
	.byte	25                              # DW_AT_name
	.byte	0                               # DW_AT_decl_file
	.byte	42                              # DW_AT_decl_line
                                        # DW_AT_prototyped
	.long	147                             # DW_AT_type
                                        # DW_AT_external
	.byte	17                              # Abbrev [17] 0x1c2:0x9 DW_TAG_formal_parameter
	.byte	0                               # DW_AT_location
	.byte	31                              # DW_AT_name
	.byte	0                               # DW_AT_decl_file
	.byte	42                              # DW_AT_decl_line
	.long	605                             # DW_AT_type
	.byte	18                              # Abbrev [18] 0x1cb:0xb DW_TAG_variable
	.byte	2                               # DW_AT_location
	.byte	145
	.byte	0
	.byte	28                              # DW_AT_name
	.byte	0                               # DW_AT_decl_file
	.byte	44                              # DW_AT_decl_line
	.long	590                             # DW_AT_type
	.byte	19                              # Abbrev [19] 0x1d6:0x6 DW_TAG_call_site
	.long	483                             # DW_AT_call_origin
	.byte	6                               # DW_AT_call_return_pc
	.byte	19                              # Abbrev [19] 0x1dc:0x6 DW_TAG_call_site
	.long	487                             # DW_AT_call_origin
	.byte	7                               # DW_AT_call_return_pc
	.byte	0                               # End Of Children Mark
	.byte	20                              # Abbrev [20] 0x1e3:0x4 DW_TAG_subprogram
	.byte	23                              # DW_AT_name
	.byte	0                               # DW_AT_decl_file
	.byte	20                              # DW_AT_decl_line
                                        # DW_AT_prototyped
                                        # DW_AT_declaration
                                        # DW_AT_external
	.byte	20                              # Abbrev [20] 0x1e7:0x4 DW_TAG_subprogram
	.byte	24                              # DW_AT_name
	.byte	0                               # DW_AT_decl_file
	.byte	21                              # DW_AT_decl_line
                                        # DW_AT_prototyped
                                        # DW_AT_declaration
                                        # DW_AT_external
	.byte	21                              # Abbrev [21] 0x1eb:0x2e DW_TAG_subprogram
	.byte	8                               # DW_AT_low_pc
	.long	.Lfunc_end1-.Lfunc_begin1       # DW_AT_high_pc
	.byte	1                               # DW_AT_frame_base
	.byte	90
                                        # DW_AT_call_all_calls
	.byte	26                              # DW_AT_name
	.byte	0                               # DW_AT_decl_file
	.byte	28                              # DW_AT_decl_line
                                        # DW_AT_prototyped
	.long	147                             # DW_AT_type
	.byte	22                              # Abbrev [22] 0x1fa:0xa DW_TAG_formal_parameter
	.byte	1                               # DW_AT_location
	.byte	81
	.byte	101                             # DW_AT_name
	.byte	0                               # DW_AT_decl_file
	.byte	28                              # DW_AT_decl_line
	.long	173                             # DW_AT_type
	.byte	22                              # Abbrev [22] 0x204:0xa DW_TAG_formal_parameter
	.byte	1                               # DW_AT_location
	.byte	82
	.byte	47                              # DW_AT_name
	.byte	0                               # DW_AT_decl_file
	.byte	28                              # DW_AT_decl_line
	.long	356                             # DW_AT_type
	.byte	18                              # Abbrev [18] 0x20e:0xa DW_TAG_variable
	.byte	1                               # DW_AT_location
	.byte	82
	.byte	28                              # DW_AT_name
	.byte	0                               # DW_AT_decl_file
	.byte	30                              # DW_AT_decl_line
	.long	1432                            # DW_AT_type
	.byte	0                               # End Of Children Mark
	.byte	21                              # Abbrev [21] 0x219:0x35 DW_TAG_subprogram
	.byte	9                               # DW_AT_low_pc
	.long	.Lfunc_end2-.Lfunc_begin2       # DW_AT_high_pc
	.byte	1                               # DW_AT_frame_base
	.byte	90
                                        # DW_AT_call_all_calls
	.byte	27                              # DW_AT_name
	.byte	0                               # DW_AT_decl_file
	.byte	35                              # DW_AT_decl_line
                                        # DW_AT_prototyped
	.long	190                             # DW_AT_type
	.byte	23                              # Abbrev [23] 0x228:0x8 DW_TAG_formal_parameter
	.byte	103                             # DW_AT_name
	.byte	0                               # DW_AT_decl_file
	.byte	35                              # DW_AT_decl_line
	.long	1437                            # DW_AT_type
	.byte	17                              # Abbrev [17] 0x230:0x9 DW_TAG_formal_parameter
	.byte	1                               # DW_AT_location
	.byte	10                              # DW_AT_name
	.byte	0                               # DW_AT_decl_file
	.byte	35                              # DW_AT_decl_line
	.long	168                             # DW_AT_type
	.byte	22                              # Abbrev [22] 0x239:0xa DW_TAG_formal_parameter
	.byte	1                               # DW_AT_location
	.byte	83
	.byte	102                             # DW_AT_name
	.byte	0                               # DW_AT_decl_file
	.byte	35                              # DW_AT_decl_line
	.long	185                             # DW_AT_type
	.byte	22                              # Abbrev [22] 0x243:0xa DW_TAG_formal_parameter
	.byte	1                               # DW_AT_location
	.byte	84
	.byte	28                              # DW_AT_name
	.byte	0                               # DW_AT_decl_file
	.byte	35                              # DW_AT_decl_line
	.long	1432                            # DW_AT_type
	.byte	0                               # End Of Children Mark
	.byte	24                              # Abbrev [24] 0x24e:0xf DW_TAG_structure_type
	.byte	30                              # DW_AT_name
	.byte	8                               # DW_AT_byte_size
	.byte	0                               # DW_AT_decl_file
	.byte	26                              # DW_AT_decl_line
	.byte	8                               # Abbrev [8] 0x253:0x9 DW_TAG_member
	.byte	29                              # DW_AT_name
	.long	190                             # DW_AT_type
	.byte	0                               # DW_AT_decl_file
	.byte	26                              # DW_AT_decl_line
	.byte	0                               # DW_AT_data_member_location
	.byte	0                               # End Of Children Mark
	.byte	9                               # Abbrev [9] 0x25d:0x5 DW_TAG_pointer_type
	.long	610                             # DW_AT_type
	.byte	25                              # Abbrev [25] 0x262:0x17d DW_TAG_structure_type
	.byte	100                             # DW_AT_name
	.byte	192                             # DW_AT_byte_size
	.byte	3                               # DW_AT_decl_file
	.short	5893                            # DW_AT_decl_line
	.byte	26                              # Abbrev [26] 0x268:0xa DW_TAG_member
	.byte	32                              # DW_AT_name
	.long	173                             # DW_AT_type
	.byte	3                               # DW_AT_decl_file
	.short	5894                            # DW_AT_decl_line
	.byte	0                               # DW_AT_data_member_location
	.byte	26                              # Abbrev [26] 0x272:0xa DW_TAG_member
	.byte	33                              # DW_AT_name
	.long	173                             # DW_AT_type
	.byte	3                               # DW_AT_decl_file
	.short	5895                            # DW_AT_decl_line
	.byte	4                               # DW_AT_data_member_location
	.byte	26                              # Abbrev [26] 0x27c:0xa DW_TAG_member
	.byte	34                              # DW_AT_name
	.long	173                             # DW_AT_type
	.byte	3                               # DW_AT_decl_file
	.short	5896                            # DW_AT_decl_line
	.byte	8                               # DW_AT_data_member_location
	.byte	26                              # Abbrev [26] 0x286:0xa DW_TAG_member
	.byte	35                              # DW_AT_name
	.long	173                             # DW_AT_type
	.byte	3                               # DW_AT_decl_file
	.short	5897                            # DW_AT_decl_line
	.byte	12                              # DW_AT_data_member_location
	.byte	26                              # Abbrev [26] 0x290:0xa DW_TAG_member
	.byte	36                              # DW_AT_name
	.long	173                             # DW_AT_type
	.byte	3                               # DW_AT_decl_file
	.short	5898                            # DW_AT_decl_line
	.byte	16                              # DW_AT_data_member_location
	.byte	26                              # Abbrev [26] 0x29a:0xa DW_TAG_member
	.byte	37                              # DW_AT_name
	.long	173                             # DW_AT_type
	.byte	3                               # DW_AT_decl_file
	.short	5899                            # DW_AT_decl_line
	.byte	20                              # DW_AT_data_member_location
	.byte	26                              # Abbrev [26] 0x2a4:0xa DW_TAG_member
	.byte	38                              # DW_AT_name
	.long	173                             # DW_AT_type
	.byte	3                               # DW_AT_decl_file
	.short	5900                            # DW_AT_decl_line
	.byte	24                              # DW_AT_data_member_location
	.byte	26                              # Abbrev [26] 0x2ae:0xa DW_TAG_member
	.byte	39                              # DW_AT_name
	.long	173                             # DW_AT_type
	.byte	3                               # DW_AT_decl_file
	.short	5901                            # DW_AT_decl_line
	.byte	28                              # DW_AT_data_member_location
	.byte	26                              # Abbrev [26] 0x2b8:0xa DW_TAG_member
	.byte	40                              # DW_AT_name
	.long	173                             # DW_AT_type
	.byte	3                               # DW_AT_decl_file
	.short	5902                            # DW_AT_decl_line
	.byte	32                              # DW_AT_data_member_location
	.byte	26                              # Abbrev [26] 0x2c2:0xa DW_TAG_member
	.byte	41                              # DW_AT_name
	.long	173                             # DW_AT_type
	.byte	3                               # DW_AT_decl_file
	.short	5903                            # DW_AT_decl_line
	.byte	36                              # DW_AT_data_member_location
	.byte	26                              # Abbrev [26] 0x2cc:0xa DW_TAG_member
	.byte	42                              # DW_AT_name
	.long	173                             # DW_AT_type
	.byte	3                               # DW_AT_decl_file
	.short	5904                            # DW_AT_decl_line
	.byte	40                              # DW_AT_data_member_location
	.byte	26                              # Abbrev [26] 0x2d6:0xa DW_TAG_member
	.byte	43                              # DW_AT_name
	.long	173                             # DW_AT_type
	.byte	3                               # DW_AT_decl_file
	.short	5905                            # DW_AT_decl_line
	.byte	44                              # DW_AT_data_member_location
	.byte	26                              # Abbrev [26] 0x2e0:0xa DW_TAG_member
	.byte	44                              # DW_AT_name
	.long	991                             # DW_AT_type
	.byte	3                               # DW_AT_decl_file
	.short	5906                            # DW_AT_decl_line
	.byte	48                              # DW_AT_data_member_location
	.byte	26                              # Abbrev [26] 0x2ea:0xa DW_TAG_member
	.byte	45                              # DW_AT_name
	.long	173                             # DW_AT_type
	.byte	3                               # DW_AT_decl_file
	.short	5907                            # DW_AT_decl_line
	.byte	68                              # DW_AT_data_member_location
	.byte	26                              # Abbrev [26] 0x2f4:0xa DW_TAG_member
	.byte	46                              # DW_AT_name
	.long	173                             # DW_AT_type
	.byte	3                               # DW_AT_decl_file
	.short	5908                            # DW_AT_decl_line
	.byte	72                              # DW_AT_data_member_location
	.byte	26                              # Abbrev [26] 0x2fe:0xa DW_TAG_member
	.byte	47                              # DW_AT_name
	.long	173                             # DW_AT_type
	.byte	3                               # DW_AT_decl_file
	.short	5909                            # DW_AT_decl_line
	.byte	76                              # DW_AT_data_member_location
	.byte	26                              # Abbrev [26] 0x308:0xa DW_TAG_member
	.byte	48                              # DW_AT_name
	.long	173                             # DW_AT_type
	.byte	3                               # DW_AT_decl_file
	.short	5910                            # DW_AT_decl_line
	.byte	80                              # DW_AT_data_member_location
	.byte	26                              # Abbrev [26] 0x312:0xa DW_TAG_member
	.byte	49                              # DW_AT_name
	.long	173                             # DW_AT_type
	.byte	3                               # DW_AT_decl_file
	.short	5911                            # DW_AT_decl_line
	.byte	84                              # DW_AT_data_member_location
	.byte	26                              # Abbrev [26] 0x31c:0xa DW_TAG_member
	.byte	50                              # DW_AT_name
	.long	173                             # DW_AT_type
	.byte	3                               # DW_AT_decl_file
	.short	5914                            # DW_AT_decl_line
	.byte	88                              # DW_AT_data_member_location
	.byte	26                              # Abbrev [26] 0x326:0xa DW_TAG_member
	.byte	51                              # DW_AT_name
	.long	173                             # DW_AT_type
	.byte	3                               # DW_AT_decl_file
	.short	5915                            # DW_AT_decl_line
	.byte	92                              # DW_AT_data_member_location
	.byte	26                              # Abbrev [26] 0x330:0xa DW_TAG_member
	.byte	52                              # DW_AT_name
	.long	173                             # DW_AT_type
	.byte	3                               # DW_AT_decl_file
	.short	5916                            # DW_AT_decl_line
	.byte	96                              # DW_AT_data_member_location
	.byte	26                              # Abbrev [26] 0x33a:0xa DW_TAG_member
	.byte	53                              # DW_AT_name
	.long	1003                            # DW_AT_type
	.byte	3                               # DW_AT_decl_file
	.short	5917                            # DW_AT_decl_line
	.byte	100                             # DW_AT_data_member_location
	.byte	26                              # Abbrev [26] 0x344:0xa DW_TAG_member
	.byte	54                              # DW_AT_name
	.long	1003                            # DW_AT_type
	.byte	3                               # DW_AT_decl_file
	.short	5918                            # DW_AT_decl_line
	.byte	116                             # DW_AT_data_member_location
	.byte	26                              # Abbrev [26] 0x34e:0xa DW_TAG_member
	.byte	55                              # DW_AT_name
	.long	173                             # DW_AT_type
	.byte	3                               # DW_AT_decl_file
	.short	5919                            # DW_AT_decl_line
	.byte	132                             # DW_AT_data_member_location
	.byte	26                              # Abbrev [26] 0x358:0xa DW_TAG_member
	.byte	56                              # DW_AT_name
	.long	173                             # DW_AT_type
	.byte	3                               # DW_AT_decl_file
	.short	5920                            # DW_AT_decl_line
	.byte	136                             # DW_AT_data_member_location
	.byte	26                              # Abbrev [26] 0x362:0xa DW_TAG_member
	.byte	57                              # DW_AT_name
	.long	173                             # DW_AT_type
	.byte	3                               # DW_AT_decl_file
	.short	5923                            # DW_AT_decl_line
	.byte	140                             # DW_AT_data_member_location
	.byte	27                              # Abbrev [27] 0x36c:0xa DW_TAG_member
	.long	886                             # DW_AT_type
	.byte	3                               # DW_AT_decl_file
	.short	5924                            # DW_AT_decl_line
	.byte	8                               # DW_AT_alignment
	.byte	144                             # DW_AT_data_member_location
	.byte	28                              # Abbrev [28] 0x376:0x11 DW_TAG_union_type
	.byte	8                               # DW_AT_byte_size
	.byte	3                               # DW_AT_decl_file
	.short	5924                            # DW_AT_decl_line
	.byte	8                               # DW_AT_alignment
	.byte	26                              # Abbrev [26] 0x37c:0xa DW_TAG_member
	.byte	58                              # DW_AT_name
	.long	1015                            # DW_AT_type
	.byte	3                               # DW_AT_decl_file
	.short	5924                            # DW_AT_decl_line
	.byte	0                               # DW_AT_data_member_location
	.byte	0                               # End Of Children Mark
	.byte	26                              # Abbrev [26] 0x387:0xa DW_TAG_member
	.byte	82                              # DW_AT_name
	.long	190                             # DW_AT_type
	.byte	3                               # DW_AT_decl_file
	.short	5925                            # DW_AT_decl_line
	.byte	152                             # DW_AT_data_member_location
	.byte	26                              # Abbrev [26] 0x391:0xa DW_TAG_member
	.byte	83                              # DW_AT_name
	.long	173                             # DW_AT_type
	.byte	3                               # DW_AT_decl_file
	.short	5926                            # DW_AT_decl_line
	.byte	160                             # DW_AT_data_member_location
	.byte	26                              # Abbrev [26] 0x39b:0xa DW_TAG_member
	.byte	84                              # DW_AT_name
	.long	173                             # DW_AT_type
	.byte	3                               # DW_AT_decl_file
	.short	5927                            # DW_AT_decl_line
	.byte	164                             # DW_AT_data_member_location
	.byte	27                              # Abbrev [27] 0x3a5:0xa DW_TAG_member
	.long	943                             # DW_AT_type
	.byte	3                               # DW_AT_decl_file
	.short	5928                            # DW_AT_decl_line
	.byte	8                               # DW_AT_alignment
	.byte	168                             # DW_AT_data_member_location
	.byte	28                              # Abbrev [28] 0x3af:0x11 DW_TAG_union_type
	.byte	8                               # DW_AT_byte_size
	.byte	3                               # DW_AT_decl_file
	.short	5928                            # DW_AT_decl_line
	.byte	8                               # DW_AT_alignment
	.byte	26                              # Abbrev [26] 0x3b5:0xa DW_TAG_member
	.byte	85                              # DW_AT_name
	.long	1272                            # DW_AT_type
	.byte	3                               # DW_AT_decl_file
	.short	5928                            # DW_AT_decl_line
	.byte	0                               # DW_AT_data_member_location
	.byte	0                               # End Of Children Mark
	.byte	26                              # Abbrev [26] 0x3c0:0xa DW_TAG_member
	.byte	97                              # DW_AT_name
	.long	173                             # DW_AT_type
	.byte	3                               # DW_AT_decl_file
	.short	5929                            # DW_AT_decl_line
	.byte	176                             # DW_AT_data_member_location
	.byte	26                              # Abbrev [26] 0x3ca:0xa DW_TAG_member
	.byte	98                              # DW_AT_name
	.long	1244                            # DW_AT_type
	.byte	3                               # DW_AT_decl_file
	.short	5930                            # DW_AT_decl_line
	.byte	180                             # DW_AT_data_member_location
	.byte	26                              # Abbrev [26] 0x3d4:0xa DW_TAG_member
	.byte	99                              # DW_AT_name
	.long	190                             # DW_AT_type
	.byte	3                               # DW_AT_decl_file
	.short	5932                            # DW_AT_decl_line
	.byte	184                             # DW_AT_data_member_location
	.byte	0                               # End Of Children Mark
	.byte	3                               # Abbrev [3] 0x3df:0xc DW_TAG_array_type
	.long	173                             # DW_AT_type
	.byte	4                               # Abbrev [4] 0x3e4:0x6 DW_TAG_subrange_type
	.long	74                              # DW_AT_type
	.byte	5                               # DW_AT_count
	.byte	0                               # End Of Children Mark
	.byte	3                               # Abbrev [3] 0x3eb:0xc DW_TAG_array_type
	.long	173                             # DW_AT_type
	.byte	4                               # Abbrev [4] 0x3f0:0x6 DW_TAG_subrange_type
	.long	74                              # DW_AT_type
	.byte	4                               # DW_AT_count
	.byte	0                               # End Of Children Mark
	.byte	9                               # Abbrev [9] 0x3f7:0x5 DW_TAG_pointer_type
	.long	1020                            # DW_AT_type
	.byte	25                              # Abbrev [25] 0x3fc:0xd4 DW_TAG_structure_type
	.byte	81                              # DW_AT_name
	.byte	56                              # DW_AT_byte_size
	.byte	3                               # DW_AT_decl_file
	.short	6837                            # DW_AT_decl_line
	.byte	26                              # Abbrev [26] 0x402:0xa DW_TAG_member
	.byte	59                              # DW_AT_name
	.long	1232                            # DW_AT_type
	.byte	3                               # DW_AT_decl_file
	.short	6838                            # DW_AT_decl_line
	.byte	0                               # DW_AT_data_member_location
	.byte	26                              # Abbrev [26] 0x40c:0xa DW_TAG_member
	.byte	62                              # DW_AT_name
	.long	1232                            # DW_AT_type
	.byte	3                               # DW_AT_decl_file
	.short	6839                            # DW_AT_decl_line
	.byte	2                               # DW_AT_data_member_location
	.byte	26                              # Abbrev [26] 0x416:0xa DW_TAG_member
	.byte	63                              # DW_AT_name
	.long	1232                            # DW_AT_type
	.byte	3                               # DW_AT_decl_file
	.short	6840                            # DW_AT_decl_line
	.byte	4                               # DW_AT_data_member_location
	.byte	26                              # Abbrev [26] 0x420:0xa DW_TAG_member
	.byte	64                              # DW_AT_name
	.long	1244                            # DW_AT_type
	.byte	3                               # DW_AT_decl_file
	.short	6841                            # DW_AT_decl_line
	.byte	6                               # DW_AT_data_member_location
	.byte	26                              # Abbrev [26] 0x42a:0xa DW_TAG_member
	.byte	67                              # DW_AT_name
	.long	1244                            # DW_AT_type
	.byte	3                               # DW_AT_decl_file
	.short	6842                            # DW_AT_decl_line
	.byte	7                               # DW_AT_data_member_location
	.byte	26                              # Abbrev [26] 0x434:0xa DW_TAG_member
	.byte	68                              # DW_AT_name
	.long	1244                            # DW_AT_type
	.byte	3                               # DW_AT_decl_file
	.short	6843                            # DW_AT_decl_line
	.byte	8                               # DW_AT_data_member_location
	.byte	26                              # Abbrev [26] 0x43e:0xa DW_TAG_member
	.byte	69                              # DW_AT_name
	.long	1244                            # DW_AT_type
	.byte	3                               # DW_AT_decl_file
	.short	6844                            # DW_AT_decl_line
	.byte	9                               # DW_AT_data_member_location
	.byte	26                              # Abbrev [26] 0x448:0xa DW_TAG_member
	.byte	70                              # DW_AT_name
	.long	1256                            # DW_AT_type
	.byte	3                               # DW_AT_decl_file
	.short	6845                            # DW_AT_decl_line
	.byte	10                              # DW_AT_data_member_location
	.byte	26                              # Abbrev [26] 0x452:0xa DW_TAG_member
	.byte	72                              # DW_AT_name
	.long	1256                            # DW_AT_type
	.byte	3                               # DW_AT_decl_file
	.short	6846                            # DW_AT_decl_line
	.byte	12                              # DW_AT_data_member_location
	.byte	26                              # Abbrev [26] 0x45c:0xa DW_TAG_member
	.byte	73                              # DW_AT_name
	.long	1256                            # DW_AT_type
	.byte	3                               # DW_AT_decl_file
	.short	6847                            # DW_AT_decl_line
	.byte	14                              # DW_AT_data_member_location
	.byte	29                              # Abbrev [29] 0x466:0x9 DW_TAG_member
	.long	1135                            # DW_AT_type
	.byte	3                               # DW_AT_decl_file
	.short	6848                            # DW_AT_decl_line
	.byte	16                              # DW_AT_data_member_location
	.byte	30                              # Abbrev [30] 0x46f:0x4c DW_TAG_union_type
	.byte	32                              # DW_AT_byte_size
	.byte	3                               # DW_AT_decl_file
	.short	6848                            # DW_AT_decl_line
	.byte	29                              # Abbrev [29] 0x474:0x9 DW_TAG_member
	.long	1149                            # DW_AT_type
	.byte	3                               # DW_AT_decl_file
	.short	6849                            # DW_AT_decl_line
	.byte	0                               # DW_AT_data_member_location
	.byte	31                              # Abbrev [31] 0x47d:0x1a DW_TAG_structure_type
	.byte	8                               # DW_AT_byte_size
	.byte	3                               # DW_AT_decl_file
	.short	6849                            # DW_AT_decl_line
	.byte	26                              # Abbrev [26] 0x482:0xa DW_TAG_member
	.byte	74                              # DW_AT_name
	.long	1264                            # DW_AT_type
	.byte	3                               # DW_AT_decl_file
	.short	6850                            # DW_AT_decl_line
	.byte	0                               # DW_AT_data_member_location
	.byte	26                              # Abbrev [26] 0x48c:0xa DW_TAG_member
	.byte	76                              # DW_AT_name
	.long	1264                            # DW_AT_type
	.byte	3                               # DW_AT_decl_file
	.short	6851                            # DW_AT_decl_line
	.byte	4                               # DW_AT_data_member_location
	.byte	0                               # End Of Children Mark
	.byte	29                              # Abbrev [29] 0x497:0x9 DW_TAG_member
	.long	1184                            # DW_AT_type
	.byte	3                               # DW_AT_decl_file
	.short	6853                            # DW_AT_decl_line
	.byte	0                               # DW_AT_data_member_location
	.byte	31                              # Abbrev [31] 0x4a0:0x1a DW_TAG_structure_type
	.byte	32                              # DW_AT_byte_size
	.byte	3                               # DW_AT_decl_file
	.short	6853                            # DW_AT_decl_line
	.byte	26                              # Abbrev [26] 0x4a5:0xa DW_TAG_member
	.byte	77                              # DW_AT_name
	.long	1003                            # DW_AT_type
	.byte	3                               # DW_AT_decl_file
	.short	6854                            # DW_AT_decl_line
	.byte	0                               # DW_AT_data_member_location
	.byte	26                              # Abbrev [26] 0x4af:0xa DW_TAG_member
	.byte	78                              # DW_AT_name
	.long	1003                            # DW_AT_type
	.byte	3                               # DW_AT_decl_file
	.short	6855                            # DW_AT_decl_line
	.byte	16                              # DW_AT_data_member_location
	.byte	0                               # End Of Children Mark
	.byte	0                               # End Of Children Mark
	.byte	26                              # Abbrev [26] 0x4bb:0xa DW_TAG_member
	.byte	79                              # DW_AT_name
	.long	173                             # DW_AT_type
	.byte	3                               # DW_AT_decl_file
	.short	6858                            # DW_AT_decl_line
	.byte	48                              # DW_AT_data_member_location
	.byte	26                              # Abbrev [26] 0x4c5:0xa DW_TAG_member
	.byte	80                              # DW_AT_name
	.long	1264                            # DW_AT_type
	.byte	3                               # DW_AT_decl_file
	.short	6859                            # DW_AT_decl_line
	.byte	52                              # DW_AT_data_member_location
	.byte	0                               # End Of Children Mark
	.byte	10                              # Abbrev [10] 0x4d0:0x8 DW_TAG_typedef
	.long	1240                            # DW_AT_type
	.byte	61                              # DW_AT_name
	.byte	1                               # DW_AT_decl_file
	.byte	24                              # DW_AT_decl_line
	.byte	5                               # Abbrev [5] 0x4d8:0x4 DW_TAG_base_type
	.byte	60                              # DW_AT_name
	.byte	7                               # DW_AT_encoding
	.byte	2                               # DW_AT_byte_size
	.byte	10                              # Abbrev [10] 0x4dc:0x8 DW_TAG_typedef
	.long	1252                            # DW_AT_type
	.byte	66                              # DW_AT_name
	.byte	1                               # DW_AT_decl_file
	.byte	21                              # DW_AT_decl_line
	.byte	5                               # Abbrev [5] 0x4e4:0x4 DW_TAG_base_type
	.byte	65                              # DW_AT_name
	.byte	8                               # DW_AT_encoding
	.byte	1                               # DW_AT_byte_size
	.byte	10                              # Abbrev [10] 0x4e8:0x8 DW_TAG_typedef
	.long	1232                            # DW_AT_type
	.byte	71                              # DW_AT_name
	.byte	4                               # DW_AT_decl_file
	.byte	28                              # DW_AT_decl_line
	.byte	10                              # Abbrev [10] 0x4f0:0x8 DW_TAG_typedef
	.long	173                             # DW_AT_type
	.byte	75                              # DW_AT_name
	.byte	4                               # DW_AT_decl_file
	.byte	30                              # DW_AT_decl_line
	.byte	9                               # Abbrev [9] 0x4f8:0x5 DW_TAG_pointer_type
	.long	1277                            # DW_AT_type
	.byte	25                              # Abbrev [25] 0x4fd:0x93 DW_TAG_structure_type
	.byte	96                              # DW_AT_name
	.byte	80                              # DW_AT_byte_size
	.byte	3                               # DW_AT_decl_file
	.short	5997                            # DW_AT_decl_line
	.byte	26                              # Abbrev [26] 0x503:0xa DW_TAG_member
	.byte	86                              # DW_AT_name
	.long	173                             # DW_AT_type
	.byte	3                               # DW_AT_decl_file
	.short	5998                            # DW_AT_decl_line
	.byte	0                               # DW_AT_data_member_location
	.byte	26                              # Abbrev [26] 0x50d:0xa DW_TAG_member
	.byte	50                              # DW_AT_name
	.long	173                             # DW_AT_type
	.byte	3                               # DW_AT_decl_file
	.short	5999                            # DW_AT_decl_line
	.byte	4                               # DW_AT_data_member_location
	.byte	26                              # Abbrev [26] 0x517:0xa DW_TAG_member
	.byte	7                               # DW_AT_name
	.long	173                             # DW_AT_type
	.byte	3                               # DW_AT_decl_file
	.short	6000                            # DW_AT_decl_line
	.byte	8                               # DW_AT_data_member_location
	.byte	26                              # Abbrev [26] 0x521:0xa DW_TAG_member
	.byte	36                              # DW_AT_name
	.long	173                             # DW_AT_type
	.byte	3                               # DW_AT_decl_file
	.short	6001                            # DW_AT_decl_line
	.byte	12                              # DW_AT_data_member_location
	.byte	26                              # Abbrev [26] 0x52b:0xa DW_TAG_member
	.byte	34                              # DW_AT_name
	.long	173                             # DW_AT_type
	.byte	3                               # DW_AT_decl_file
	.short	6002                            # DW_AT_decl_line
	.byte	16                              # DW_AT_data_member_location
	.byte	26                              # Abbrev [26] 0x535:0xa DW_TAG_member
	.byte	40                              # DW_AT_name
	.long	173                             # DW_AT_type
	.byte	3                               # DW_AT_decl_file
	.short	6003                            # DW_AT_decl_line
	.byte	20                              # DW_AT_data_member_location
	.byte	26                              # Abbrev [26] 0x53f:0xa DW_TAG_member
	.byte	87                              # DW_AT_name
	.long	173                             # DW_AT_type
	.byte	3                               # DW_AT_decl_file
	.short	6005                            # DW_AT_decl_line
	.byte	24                              # DW_AT_data_member_location
	.byte	26                              # Abbrev [26] 0x549:0xa DW_TAG_member
	.byte	88                              # DW_AT_name
	.long	1003                            # DW_AT_type
	.byte	3                               # DW_AT_decl_file
	.short	6006                            # DW_AT_decl_line
	.byte	28                              # DW_AT_data_member_location
	.byte	26                              # Abbrev [26] 0x553:0xa DW_TAG_member
	.byte	89                              # DW_AT_name
	.long	173                             # DW_AT_type
	.byte	3                               # DW_AT_decl_file
	.short	6007                            # DW_AT_decl_line
	.byte	44                              # DW_AT_data_member_location
	.byte	26                              # Abbrev [26] 0x55d:0xa DW_TAG_member
	.byte	90                              # DW_AT_name
	.long	1256                            # DW_AT_type
	.byte	3                               # DW_AT_decl_file
	.short	6008                            # DW_AT_decl_line
	.byte	48                              # DW_AT_data_member_location
	.byte	26                              # Abbrev [26] 0x567:0xa DW_TAG_member
	.byte	91                              # DW_AT_name
	.long	173                             # DW_AT_type
	.byte	3                               # DW_AT_decl_file
	.short	6010                            # DW_AT_decl_line
	.byte	52                              # DW_AT_data_member_location
	.byte	26                              # Abbrev [26] 0x571:0xa DW_TAG_member
	.byte	92                              # DW_AT_name
	.long	1003                            # DW_AT_type
	.byte	3                               # DW_AT_decl_file
	.short	6011                            # DW_AT_decl_line
	.byte	56                              # DW_AT_data_member_location
	.byte	26                              # Abbrev [26] 0x57b:0xa DW_TAG_member
	.byte	93                              # DW_AT_name
	.long	173                             # DW_AT_type
	.byte	3                               # DW_AT_decl_file
	.short	6012                            # DW_AT_decl_line
	.byte	72                              # DW_AT_data_member_location
	.byte	26                              # Abbrev [26] 0x585:0xa DW_TAG_member
	.byte	94                              # DW_AT_name
	.long	1424                            # DW_AT_type
	.byte	3                               # DW_AT_decl_file
	.short	6013                            # DW_AT_decl_line
	.byte	76                              # DW_AT_data_member_location
	.byte	0                               # End Of Children Mark
	.byte	10                              # Abbrev [10] 0x590:0x8 DW_TAG_typedef
	.long	147                             # DW_AT_type
	.byte	95                              # DW_AT_name
	.byte	1                               # DW_AT_decl_file
	.byte	26                              # DW_AT_decl_line
	.byte	9                               # Abbrev [9] 0x598:0x5 DW_TAG_pointer_type
	.long	590                             # DW_AT_type
	.byte	9                               # Abbrev [9] 0x59d:0x5 DW_TAG_pointer_type
	.long	1442                            # DW_AT_type
	.byte	32                              # Abbrev [32] 0x5a2:0x2 DW_TAG_structure_type
	.byte	104                             # DW_AT_name
                                        # DW_AT_declaration
	.byte	0                               # End Of Children Mark
.Ldebug_info_end0:
	.section	.debug_rnglists,"",@progbits
	.long	.Ldebug_list_header_end1-.Ldebug_list_header_start1 # Length
.Ldebug_list_header_start1:
	.short	5                               # Version
	.byte	8                               # Address size
	.byte	0                               # Segment selector size
	.long	1                               # Offset entry count
.Lrnglists_table_base0:
	.long	.Ldebug_ranges0-.Lrnglists_table_base0
.Ldebug_ranges0:
	.byte	3                               # DW_RLE_startx_length
	.byte	5                               #   start index
	.uleb128 .Lfunc_end0-.Lfunc_begin0      #   length
	.byte	3                               # DW_RLE_startx_length
	.byte	8                               #   start index
	.uleb128 .Lfunc_end2-.Lfunc_begin1      #   length
	.byte	0                               # DW_RLE_end_of_list
.Ldebug_list_header_end1:
	.section	.debug_str_offsets,"",@progbits
	.long	424                             # Length of String Offsets Set
	.short	5
	.short	0
.Lstr_offsets_base0:
	.section	.debug_str,"MS",@progbits,1
.Linfo_string0:
	.asciz	"Debian clang version 19.1.7 (3~deb12u1)" # string offset=0
.Linfo_string1:
	.asciz	"callbacks.c"                   # string offset=40
.Linfo_string2:
	.asciz	"."                             # string offset=52
.Linfo_string3:
	.asciz	"LICENSE"                       # string offset=54
.Linfo_string4:
	.asciz	"char"                          # string offset=62
.Linfo_string5:
	.asciz	"__ARRAY_SIZE_TYPE__"           # string offset=67
.Linfo_string6:
	.asciz	"vals"                          # string offset=87
.Linfo_string7:
	.asciz	"type"                          # string offset=92
.Linfo_string8:
	.asciz	"int"                           # string offset=97
.Linfo_string9:
	.asciz	"max_entries"                   # string offset=101
.Linfo_string10:
	.asciz	"key"                           # string offset=113
.Linfo_string11:
	.asciz	"unsigned int"                  # string offset=117
.Linfo_string12:
	.asciz	"__u32"                         # string offset=130
.Linfo_string13:
	.asciz	"value"                         # string offset=136
.Linfo_string14:
	.asciz	"unsigned long long"            # string offset=142
.Linfo_string15:
	.asciz	"__u64"                         # string offset=161
.Linfo_string16:
	.asciz	"jumps"                         # string offset=167
.Linfo_string17:
	.asciz	"LINUX_KERNEL_VERSION"          # string offset=173
.Linfo_string18:
	.asciz	"CONFIG_HZ"                     # string offset=194
.Linfo_string19:
	.asciz	"bpf_loop"                      # string offset=204
.Linfo_string20:
	.asciz	"long"                          # string offset=213
.Linfo_string21:
	.asciz	"bpf_for_each_map_elem"         # string offset=218
.Linfo_string22:
	.asciz	"bpf_tail_call"                 # string offset=240
.Linfo_string23:
	.asciz	"bpf_rcu_read_lock"             # string offset=254
.Linfo_string24:
	.asciz	"bpf_rcu_read_unlock"           # string offset=272
.Linfo_string25:
	.asciz	"loops"                         # string offset=292
.Linfo_string26:
	.asciz	"add_one"                       # string offset=298
.Linfo_string27:
	.asciz	"visit"                         # string offset=306
.Linfo_string28:
	.asciz	"c"                             # string offset=312
.Linfo_string29:
	.asciz	"sum"                           # string offset=314
.Linfo_string30:
	.asciz	"ctx_t"                         # string offset=318
.Linfo_string31:
	.asciz	"skb"                           # string offset=324
.Linfo_string32:
	.asciz	"len"                           # string offset=328
.Linfo_string33:
	.asciz	"pkt_type"                      # string offset=332
.Linfo_string34:
	.asciz	"mark"                          # string offset=341
.Linfo_string35:
	.asciz	"queue_mapping"                 # string offset=346
.Linfo_string36:
	.asciz	"protocol"                      # string offset=360
.Linfo_string37:
	.asciz	"vlan_present"                  # string offset=369
.Linfo_string38:
	.asciz	"vlan_tci"                      # string offset=382
.Linfo_string39:
	.asciz	"vlan_proto"                    # string offset=391
.Linfo_string40:
	.asciz	"priority"                      # string offset=402
.Linfo_string41:
	.asciz	"ingress_ifindex"               # string offset=411
.Linfo_string42:
	.asciz	"ifindex"                       # string offset=427
.Linfo_string43:
	.asciz	"tc_index"                      # string offset=435
.Linfo_string44:
	.asciz	"cb"                            # string offset=444
.Linfo_string45:
	.asciz	"hash"                          # string offset=447
.Linfo_string46:
	.asciz	"tc_classid"                    # string offset=452
.Linfo_string47:
	.asciz	"data"                          # string offset=463
.Linfo_string48:
	.asciz	"data_end"                      # string offset=468
.Linfo_string49:
	.asciz	"napi_id"                       # string offset=477
.Linfo_string50:
	.asciz	"family"                        # string offset=485
.Linfo_string51:
	.asciz	"remote_ip4"                    # string offset=492
.Linfo_string52:
	.asciz	"local_ip4"                     # string offset=503
.Linfo_string53:
	.asciz	"remote_ip6"                    # string offset=513
.Linfo_string54:
	.asciz	"local_ip6"                     # string offset=524
.Linfo_string55:
	.asciz	"remote_port"                   # string offset=534
.Linfo_string56:
	.asciz	"local_port"                    # string offset=546
.Linfo_string57:
	.asciz	"data_meta"                     # string offset=557
.Linfo_string58:
	.asciz	"flow_keys"                     # string offset=567
.Linfo_string59:
	.asciz	"nhoff"                         # string offset=577
.Linfo_string60:
	.asciz	"unsigned short"                # string offset=583
.Linfo_string61:
	.asciz	"__u16"                         # string offset=598
.Linfo_string62:
	.asciz	"thoff"                         # string offset=604
.Linfo_string63:
	.asciz	"addr_proto"                    # string offset=610
.Linfo_string64:
	.asciz	"is_frag"                       # string offset=621
.Linfo_string65:
	.asciz	"unsigned char"                 # string offset=629
.Linfo_string66:
	.asciz	"__u8"                          # string offset=643
.Linfo_string67:
	.asciz	"is_first_frag"                 # string offset=648
.Linfo_string68:
	.asciz	"is_encap"                      # string offset=662
.Linfo_string69:
	.asciz	"ip_proto"                      # string offset=671
.Linfo_string70:
	.asciz	"n_proto"                       # string offset=680
.Linfo_string71:
	.asciz	"__be16"                        # string offset=688
.Linfo_string72:
	.asciz	"sport"                         # string offset=695
.Linfo_string73:
	.asciz	"dport"                         # string offset=701
.Linfo_string74:
	.asciz	"ipv4_src"                      # string offset=707
.Linfo_string75:
	.asciz	"__be32"                        # string offset=716
.Linfo_string76:
	.asciz	"ipv4_dst"                      # string offset=723
.Linfo_string77:
	.asciz	"ipv6_src"                      # string offset=732
.Linfo_string78:
	.asciz	"ipv6_dst"                      # string offset=741
.Linfo_string79:
	.asciz	"flags"                         # string offset=750
.Linfo_string80:
	.asciz	"flow_label"                    # string offset=756
.Linfo_string81:
	.asciz	"bpf_flow_keys"                 # string offset=767
.Linfo_string82:
	.asciz	"tstamp"                        # string offset=781
.Linfo_string83:
	.asciz	"wire_len"                      # string offset=788
.Linfo_string84:
	.asciz	"gso_segs"                      # string offset=797
.Linfo_string85:
	.asciz	"sk"                            # string offset=806
.Linfo_string86:
	.asciz	"bound_dev_if"                  # string offset=809
.Linfo_string87:
	.asciz	"src_ip4"                       # string offset=822
.Linfo_string88:
	.asciz	"src_ip6"                       # string offset=830
.Linfo_string89:
	.asciz	"src_port"                      # string offset=838
.Linfo_string90:
	.asciz	"dst_port"                      # string offset=847
.Linfo_string91:
	.asciz	"dst_ip4"                       # string offset=856
.Linfo_string92:
	.asciz	"dst_ip6"                       # string offset=864
.Linfo_string93:
	.asciz	"state"                         # string offset=872
.Linfo_string94:
	.asciz	"rx_queue_mapping"              # string offset=878
.Linfo_string95:
	.asciz	"__s32"                         # string offset=895
.Linfo_string96:
	.asciz	"bpf_sock"                      # string offset=901
.Linfo_string97:
	.asciz	"gso_size"                      # string offset=910
.Linfo_string98:
	.asciz	"tstamp_type"                   # string offset=919
.Linfo_string99:
	.asciz	"hwtstamp"                      # string offset=931
.Linfo_string100:
	.asciz	"__sk_buff"                     # string offset=940
.Linfo_string101:
	.asciz	"i"                             # string offset=950
.Linfo_string102:
	.asciz	"val"                           # string offset=952
.Linfo_string103:
	.asciz	"map"                           # string offset=956
.Linfo_string104:
	.asciz	"bpf_map"                       # string offset=960
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
	.long	.Linfo_string43
	.long	.Linfo_string44
	.long	.Linfo_string45
	.long	.Linfo_string46
	.long	.Linfo_string47
	.long	.Linfo_string48
	.long	.Linfo_string49
	.long	.Linfo_string50
	.long	.Linfo_string51
	.long	.Linfo_string52
	.long	.Linfo_string53
	.long	.Linfo_string54
	.long	.Linfo_string55
	.long	.Linfo_string56
	.long	.Linfo_string57
	.long	.Linfo_string58
	.long	.Linfo_string59
	.long	.Linfo_string60
	.long	.Linfo_string61
	.long	.Linfo_string62
	.long	.Linfo_string63
	.long	.Linfo_string64
	.long	.Linfo_string65
	.long	.Linfo_string66
	.long	.Linfo_string67
	.long	.Linfo_string68
	.long	.Linfo_string69
	.long	.Linfo_string70
	.long	.Linfo_string71
	.long	.Linfo_string72
	.long	.Linfo_string73
	.long	.Linfo_string74
	.long	.Linfo_string75
	.long	.Linfo_string76
	.long	.Linfo_string77
	.long	.Linfo_string78
	.long	.Linfo_string79
	.long	.Linfo_string80
	.long	.Linfo_string81
	.long	.Linfo_string82
	.long	.Linfo_string83
	.long	.Linfo_string84
	.long	.Linfo_string85
	.long	.Linfo_string86
	.long	.Linfo_string87
	.long	.Linfo_string88
	.long	.Linfo_string89
	.long	.Linfo_string90
	.long	.Linfo_string91
	.long	.Linfo_string92
	.long	.Linfo_string93
	.long	.Linfo_string94
	.long	.Linfo_string95
	.long	.Linfo_string96
	.long	.Linfo_string97
	.long	.Linfo_string98
	.long	.Linfo_string99
	.long	.Linfo_string100
	.long	.Linfo_string101
	.long	.Linfo_string102
	.long	.Linfo_string103
	.long	.Linfo_string104
	.section	.debug_addr,"",@progbits
	.long	.Ldebug_addr_end0-.Ldebug_addr_start0 # Length of contribution
.Ldebug_addr_start0:
	.short	5                               # DWARF version number
	.byte	8                               # Address size
	.byte	0                               # Segment selector size
.Laddr_table_base0:
	.quad	LICENSE
	.quad	vals
	.quad	jumps
	.quad	LINUX_KERNEL_VERSION
	.quad	CONFIG_HZ
	.quad	.Lfunc_begin0
	.quad	.Ltmp8
	.quad	.Ltmp14
	.quad	.Lfunc_begin1
	.quad	.Lfunc_begin2
.Ldebug_addr_end0:
	.section	.BTF,"",@progbits
	.short	60319                           # 0xeb9f
	.byte	1
	.byte	0
	.long	24
	.long	0
	.long	1480
	.long	1480
	.long	1017
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
	.long	2
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
	.long	8
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
	.long	3
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
	.long	7
	.long	192                             # 0xc0
	.long	101                             # BTF_KIND_VAR(id = 20)
	.long	234881024                       # 0xe000000
	.long	19
	.long	1
	.long	0                               # BTF_KIND_PTR(id = 21)
	.long	33554432                        # 0x2000000
	.long	22
	.long	107                             # BTF_KIND_STRUCT(id = 22)
	.long	67108898                        # 0x4000022
	.long	192
	.long	117
	.long	8
	.long	0                               # 0x0
	.long	121
	.long	8
	.long	32                              # 0x20
	.long	130
	.long	8
	.long	64                              # 0x40
	.long	135
	.long	8
	.long	96                              # 0x60
	.long	149
	.long	8
	.long	128                             # 0x80
	.long	158
	.long	8
	.long	160                             # 0xa0
	.long	171
	.long	8
	.long	192                             # 0xc0
	.long	180
	.long	8
	.long	224                             # 0xe0
	.long	191
	.long	8
	.long	256                             # 0x100
	.long	200
	.long	8
	.long	288                             # 0x120
	.long	216
	.long	8
	.long	320                             # 0x140
	.long	224
	.long	8
	.long	352                             # 0x160
	.long	233
	.long	23
	.long	384                             # 0x180
	.long	236
	.long	8
	.long	544                             # 0x220
	.long	241
	.long	8
	.long	576                             # 0x240
	.long	252
	.long	8
	.long	608                             # 0x260
	.long	257
	.long	8
	.long	640                             # 0x280
	.long	266
	.long	8
	.long	672                             # 0x2a0
	.long	274
	.long	8
	.long	704                             # 0x2c0
	.long	281
	.long	8
	.long	736                             # 0x2e0
	.long	292
	.long	8
	.long	768                             # 0x300
	.long	302
	.long	24
	.long	800                             # 0x320
	.long	313
	.long	24
	.long	928                             # 0x3a0
	.long	323
	.long	8
	.long	1056                            # 0x420
	.long	335
	.long	8
	.long	1088                            # 0x440
	.long	346
	.long	8
	.long	1120                            # 0x460
	.long	0
	.long	25
	.long	1152                            # 0x480
	.long	356
	.long	11
	.long	1216                            # 0x4c0
	.long	363
	.long	8
	.long	1280                            # 0x500
	.long	372
	.long	8
	.long	1312                            # 0x520
	.long	0
	.long	27
	.long	1344                            # 0x540
	.long	381
	.long	8
	.long	1408                            # 0x580
	.long	390
	.long	29
	.long	1440                            # 0x5a0
	.long	402
	.long	11
	.long	1472                            # 0x5c0
	.long	0                               # BTF_KIND_ARRAY(id = 23)
	.long	50331648                        # 0x3000000
	.long	0
	.long	8
	.long	4
	.long	5
	.long	0                               # BTF_KIND_ARRAY(id = 24)
	.long	50331648                        # 0x3000000
	.long	0
	.long	8
	.long	4
	.long	4
	.long	0                               # BTF_KIND_UNION(id = 25)
	.long	83886081                        # 0x5000001
	.long	8
	.long	411
	.long	26
	.long	0                               # 0x0
	.long	0                               # BTF_KIND_PTR(id = 26)
	.long	33554432                        # 0x2000000
	.long	55
	.long	0                               # BTF_KIND_UNION(id = 27)
	.long	83886081                        # 0x5000001
	.long	8
	.long	421
	.long	28
	.long	0                               # 0x0
	.long	0                               # BTF_KIND_PTR(id = 28)
	.long	33554432                        # 0x2000000
	.long	56
	.long	424                             # BTF_KIND_TYPEDEF(id = 29)
	.long	134217728                       # 0x8000000
	.long	30
	.long	429                             # BTF_KIND_INT(id = 30)
	.long	16777216                        # 0x1000000
	.long	1
	.long	8                               # 0x8
	.long	0                               # BTF_KIND_FUNC_PROTO(id = 31)
	.long	218103809                       # 0xd000001
	.long	2
	.long	443
	.long	21
	.long	447                             # BTF_KIND_FUNC(id = 32)
	.long	201326593                       # 0xc000001
	.long	31
	.long	0                               # BTF_KIND_FUNC_PROTO(id = 33)
	.long	218103808                       # 0xd000000
	.long	0
	.long	763                             # BTF_KIND_FUNC(id = 34)
	.long	201326594                       # 0xc000002
	.long	33
	.long	0                               # BTF_KIND_FUNC_PROTO(id = 35)
	.long	218103808                       # 0xd000000
	.long	0
	.long	781                             # BTF_KIND_FUNC(id = 36)
	.long	201326594                       # 0xc000002
	.long	35
	.long	0                               # BTF_KIND_PTR(id = 37)
	.long	33554432                        # 0x2000000
	.long	0
	.long	0                               # BTF_KIND_FUNC_PROTO(id = 38)
	.long	218103810                       # 0xd000002
	.long	2
	.long	801
	.long	8
	.long	252
	.long	37
	.long	803                             # BTF_KIND_FUNC(id = 39)
	.long	201326592                       # 0xc000000
	.long	38
	.long	0                               # BTF_KIND_PTR(id = 40)
	.long	33554432                        # 0x2000000
	.long	41
	.long	851                             # BTF_KIND_FWD(id = 41)
	.long	117440512                       # 0x7000000
	.long	0
	.long	0                               # BTF_KIND_PTR(id = 42)
	.long	33554432                        # 0x2000000
	.long	43
	.long	859                             # BTF_KIND_STRUCT(id = 43)
	.long	67108865                        # 0x4000001
	.long	8
	.long	865
	.long	11
	.long	0                               # 0x0
	.long	0                               # BTF_KIND_FUNC_PROTO(id = 44)
	.long	218103812                       # 0xd000004
	.long	11
	.long	869
	.long	40
	.long	86
	.long	7
	.long	873
	.long	10
	.long	877
	.long	42
	.long	879                             # BTF_KIND_FUNC(id = 45)
	.long	201326592                       # 0xc000000
	.long	44
	.long	920                             # BTF_KIND_VAR(id = 46)
	.long	234881024                       # 0xe000000
	.long	2
	.long	2
	.long	941                             # BTF_KIND_VAR(id = 47)
	.long	234881024                       # 0xe000000
	.long	2
	.long	2
	.long	951                             # BTF_KIND_INT(id = 48)
	.long	16777216                        # 0x1000000
	.long	1
	.long	16777224                        # 0x1000008
	.long	0                               # BTF_KIND_ARRAY(id = 49)
	.long	50331648                        # 0x3000000
	.long	0
	.long	48
	.long	4
	.long	4
	.long	956                             # BTF_KIND_VAR(id = 50)
	.long	234881024                       # 0xe000000
	.long	49
	.long	1
	.long	964                             # BTF_KIND_DATASEC(id = 51)
	.long	251658242                       # 0xf000002
	.long	0
	.long	46
	.long	LINUX_KERNEL_VERSION
	.long	4
	.long	47
	.long	CONFIG_HZ
	.long	4
	.long	973                             # BTF_KIND_DATASEC(id = 52)
	.long	251658242                       # 0xf000002
	.long	0
	.long	34
	.long	bpf_rcu_read_lock
	.long	0
	.long	36
	.long	bpf_rcu_read_unlock
	.long	0
	.long	980                             # BTF_KIND_DATASEC(id = 53)
	.long	251658242                       # 0xf000002
	.long	0
	.long	14
	.long	vals
	.long	32
	.long	20
	.long	jumps
	.long	32
	.long	986                             # BTF_KIND_DATASEC(id = 54)
	.long	251658241                       # 0xf000001
	.long	0
	.long	50
	.long	LICENSE
	.long	4
	.long	994                             # BTF_KIND_FWD(id = 55)
	.long	117440512                       # 0x7000000
	.long	0
	.long	1008                            # BTF_KIND_FWD(id = 56)
	.long	117440512                       # 0x7000000
	.long	0
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
	.ascii	"vals"                          # string offset=96
	.byte	0
	.ascii	"jumps"                         # string offset=101
	.byte	0
	.ascii	"__sk_buff"                     # string offset=107
	.byte	0
	.ascii	"len"                           # string offset=117
	.byte	0
	.ascii	"pkt_type"                      # string offset=121
	.byte	0
	.ascii	"mark"                          # string offset=130
	.byte	0
	.ascii	"queue_mapping"                 # string offset=135
	.byte	0
	.ascii	"protocol"                      # string offset=149
	.byte	0
	.ascii	"vlan_present"                  # string offset=158
	.byte	0
	.ascii	"vlan_tci"                      # string offset=171
	.byte	0
	.ascii	"vlan_proto"                    # string offset=180
	.byte	0
	.ascii	"priority"                      # string offset=191
	.byte	0
	.ascii	"ingress_ifindex"               # string offset=200
	.byte	0
	.ascii	"ifindex"                       # string offset=216
	.byte	0
	.ascii	"tc_index"                      # string offset=224
	.byte	0
	.ascii	"cb"                            # string offset=233
	.byte	0
	.ascii	"hash"                          # string offset=236
	.byte	0
	.ascii	"tc_classid"                    # string offset=241
	.byte	0
	.ascii	"data"                          # string offset=252
	.byte	0
	.ascii	"data_end"                      # string offset=257
	.byte	0
	.ascii	"napi_id"                       # string offset=266
	.byte	0
	.ascii	"family"                        # string offset=274
	.byte	0
	.ascii	"remote_ip4"                    # string offset=281
	.byte	0
	.ascii	"local_ip4"                     # string offset=292
	.byte	0
	.ascii	"remote_ip6"                    # string offset=302
	.byte	0
	.ascii	"local_ip6"                     # string offset=313
	.byte	0
	.ascii	"remote_port"                   # string offset=323
	.byte	0
	.ascii	"local_port"                    # string offset=335
	.byte	0
	.ascii	"data_meta"                     # string offset=346
	.byte	0
	.ascii	"tstamp"                        # string offset=356
	.byte	0
	.ascii	"wire_len"                      # string offset=363
	.byte	0
	.ascii	"gso_segs"                      # string offset=372
	.byte	0
	.ascii	"gso_size"                      # string offset=381
	.byte	0
	.ascii	"tstamp_type"                   # string offset=390
	.byte	0
	.ascii	"hwtstamp"                      # string offset=402
	.byte	0
	.ascii	"flow_keys"                     # string offset=411
	.byte	0
	.ascii	"sk"                            # string offset=421
	.byte	0
	.ascii	"__u8"                          # string offset=424
	.byte	0
	.ascii	"unsigned char"                 # string offset=429
	.byte	0
	.ascii	"skb"                           # string offset=443
	.byte	0
	.ascii	"loops"                         # string offset=447
	.byte	0
	.ascii	"tc"                            # string offset=453
	.byte	0
	.ascii	"./callbacks.c"                 # string offset=456
	.byte	0
	.ascii	"int loops(struct __sk_buff *skb)" # string offset=470
	.byte	0
	.ascii	"\tstruct ctx_t c = { .sum = LINUX_KERNEL_VERSION + CONFIG_HZ };" # string offset=503
	.byte	0
	.ascii	"\tbpf_rcu_read_lock();"        # string offset=566
	.byte	0
	.ascii	"\tbpf_loop(100, add_one, &c, 0);" # string offset=588
	.byte	0
	.ascii	"\tbpf_for_each_map_elem(&vals, visit, &c, 0);" # string offset=620
	.byte	0
	.ascii	"\tbpf_rcu_read_unlock();"      # string offset=665
	.byte	0
	.ascii	"\tif (c.sum == 12345)"         # string offset=689
	.byte	0
	.ascii	"\t\tbpf_tail_call(skb, &jumps, 1);" # string offset=710
	.byte	0
	.ascii	"\treturn (int)c.sum;"          # string offset=743
	.byte	0
	.ascii	"bpf_rcu_read_lock"             # string offset=763
	.byte	0
	.ascii	"bpf_rcu_read_unlock"           # string offset=781
	.byte	0
	.byte	105                             # string offset=801
	.byte	0
	.ascii	"add_one"                       # string offset=803
	.byte	0
	.ascii	".text"                         # string offset=811
	.byte	0
	.ascii	"\tc->sum += i * 3;"            # string offset=817
	.byte	0
	.ascii	"\treturn i > 50;"              # string offset=835
	.byte	0
	.ascii	"bpf_map"                       # string offset=851
	.byte	0
	.ascii	"ctx_t"                         # string offset=859
	.byte	0
	.ascii	"sum"                           # string offset=865
	.byte	0
	.ascii	"map"                           # string offset=869
	.byte	0
	.ascii	"val"                           # string offset=873
	.byte	0
	.byte	99                              # string offset=877
	.byte	0
	.ascii	"visit"                         # string offset=879
	.byte	0
	.ascii	"\tc->sum += *val + *key;"      # string offset=885
	.byte	0
	.ascii	"\treturn 0;"                   # string offset=909
	.byte	0
	.ascii	"LINUX_KERNEL_VERSION"          # string offset=920
	.byte	0
	.ascii	"CONFIG_HZ"                     # string offset=941
	.byte	0
	.ascii	"char"                          # string offset=951
	.byte	0
	.ascii	"LICENSE"                       # string offset=956
	.byte	0
	.ascii	".kconfig"                      # string offset=964
	.byte	0
	.ascii	".ksyms"                        # string offset=973
	.byte	0
	.ascii	".maps"                         # string offset=980
	.byte	0
	.ascii	"license"                       # string offset=986
	.byte	0
	.ascii	"bpf_flow_keys"                 # string offset=994
	.byte	0
	.ascii	"bpf_sock"                      # string offset=1008
	.byte	0
	.section	.BTF.ext,"",@progbits
	.short	60319                           # 0xeb9f
	.byte	1
	.byte	0
	.long	32
	.long	0
	.long	44
	.long	44
	.long	404
	.long	448
	.long	0
	.long	8                               # FuncInfo
	.long	453                             # FuncInfo section string offset=453
	.long	1
	.long	.Lfunc_begin0
	.long	32
	.long	811                             # FuncInfo section string offset=811
	.long	2
	.long	.Lfunc_begin1
	.long	39
	.long	.Lfunc_begin2
	.long	45
	.long	16                              # LineInfo
	.long	453                             # LineInfo section string offset=453
	.long	15
	.long	.Lfunc_begin0
	.long	456
	.long	470
	.long	43008                           # Line 42 Col 0
	.long	.Ltmp2
	.long	456
	.long	503
	.long	45084                           # Line 44 Col 28
	.long	.Ltmp3
	.long	456
	.long	503
	.long	45107                           # Line 44 Col 51
	.long	.Ltmp4
	.long	456
	.long	503
	.long	45105                           # Line 44 Col 49
	.long	.Ltmp5
	.long	456
	.long	503
	.long	45084                           # Line 44 Col 28
	.long	.Ltmp6
	.long	456
	.long	503
	.long	45075                           # Line 44 Col 19
	.long	.Ltmp7
	.long	456
	.long	566
	.long	46082                           # Line 45 Col 2
	.long	.Ltmp9
	.long	456
	.long	588
	.long	47106                           # Line 46 Col 2
	.long	.Ltmp11
	.long	456
	.long	620
	.long	48130                           # Line 47 Col 2
	.long	.Ltmp13
	.long	456
	.long	665
	.long	49154                           # Line 48 Col 2
	.long	.Ltmp16
	.long	456
	.long	689
	.long	50184                           # Line 49 Col 8
	.long	.Ltmp19
	.long	456
	.long	689
	.long	50182                           # Line 49 Col 6
	.long	.Ltmp22
	.long	456
	.long	710
	.long	51203                           # Line 50 Col 3
	.long	.Ltmp25
	.long	456
	.long	743
	.long	52240                           # Line 51 Col 16
	.long	.Ltmp28
	.long	456
	.long	743
	.long	52226                           # Line 51 Col 2
	.long	811                             # LineInfo section string offset=811
	.long	9
	.long	.Ltmp31
	.long	456
	.long	817
	.long	31758                           # Line 31 Col 14
	.long	.Ltmp32
	.long	456
	.long	817
	.long	31753                           # Line 31 Col 9
	.long	.Ltmp33
	.long	456
	.long	835
	.long	32779                           # Line 32 Col 11
	.long	.Ltmp38
	.long	456
	.long	835
	.long	32770                           # Line 32 Col 2
	.long	.Ltmp41
	.long	456
	.long	885
	.long	37900                           # Line 37 Col 12
	.long	.Ltmp42
	.long	456
	.long	885
	.long	37907                           # Line 37 Col 19
	.long	.Ltmp45
	.long	456
	.long	885
	.long	37905                           # Line 37 Col 17
	.long	.Ltmp46
	.long	456
	.long	885
	.long	37897                           # Line 37 Col 9
	.long	.Ltmp47
	.long	456
	.long	909
	.long	38914                           # Line 38 Col 2
	.weak	CONFIG_HZ
	.addrsig
	.addrsig_sym loops
	.addrsig_sym add_one
	.addrsig_sym visit
	.addrsig_sym vals
	.addrsig_sym jumps
	.addrsig_sym LICENSE
	.section	.debug_line,"",@progbits
.Lline_table_start0:
