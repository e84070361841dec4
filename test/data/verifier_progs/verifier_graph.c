// Allocated objects and the lists and rbtrees built of them (kernel/bpf/verifier.c check_kfunc_call
// for bpf_obj_new_impl / bpf_obj_drop_impl / bpf_refcount_acquire_impl, process_kf_arg_ptr_to_list_head
// / _list_node / _rbtree_root / _rbtree_node, check_reg_allocation_locked, ref_convert_owning_non_owning,
// invalidate_non_owning_refs, process_kptr_func, check_map_kptr_access). The kfuncs are resolved
// against the running kernel's BTF, as libbpf does; the expectations were checked against Linux 6.18.
#include "vprogs.h"
#include <bpf/bpf_core_read.h>

/* the uapi layouts (include/uapi/linux/bpf.h): the kernel ignores a special struct of another size */
struct bpf_list_head { __u64 __opaque[2]; } __attribute__((aligned(8)));
struct bpf_list_node { __u64 __opaque[3]; } __attribute__((aligned(8)));
struct bpf_rb_root { __u64 __opaque[2]; } __attribute__((aligned(8)));
struct bpf_rb_node { __u64 __opaque[4]; } __attribute__((aligned(8)));
struct bpf_refcount { __u32 __opaque[1]; } __attribute__((aligned(4)));

#define __contains(name, node) __attribute__((btf_decl_tag("contains:" #name ":" #node)))
#define __kptr __attribute__((btf_type_tag("kptr")))
#define private(name) SEC(".bss." #name) __attribute__((aligned(8)))

extern void *bpf_obj_new_impl(__u64 local_type_id, void *meta) __ksym;
extern void bpf_obj_drop_impl(void *kptr, void *meta) __ksym;
extern void *bpf_refcount_acquire_impl(void *kptr, void *meta) __ksym;
extern int bpf_list_push_front_impl(struct bpf_list_head *head, struct bpf_list_node *node, void *meta, __u64 off) __ksym;
extern int bpf_list_push_back_impl(struct bpf_list_head *head, struct bpf_list_node *node, void *meta, __u64 off) __ksym;
extern struct bpf_list_node *bpf_list_pop_front(struct bpf_list_head *head) __ksym;
extern int bpf_rbtree_add_impl(struct bpf_rb_root *root, struct bpf_rb_node *node,
			       _Bool (less)(struct bpf_rb_node *a, const struct bpf_rb_node *b), void *meta, __u64 off) __ksym;
extern struct bpf_rb_node *bpf_rbtree_first(struct bpf_rb_root *root) __ksym;
extern struct bpf_rb_node *bpf_rbtree_remove(struct bpf_rb_root *root, struct bpf_rb_node *node) __ksym;

#define bpf_obj_new(type) ((type *)bpf_obj_new_impl(bpf_core_type_id_local(type), NULL))
#define bpf_obj_drop(p) bpf_obj_drop_impl(p, NULL)
#define bpf_refcount_acquire(p) bpf_refcount_acquire_impl(p, NULL)
#define bpf_list_push_front(h, n) bpf_list_push_front_impl(h, n, NULL, 0)
#define bpf_list_push_back(h, n) bpf_list_push_back_impl(h, n, NULL, 0)
#define bpf_rbtree_add(r, n, less) bpf_rbtree_add_impl(r, n, less, NULL, 0)

struct elem {
	int data;
	struct bpf_list_node node;
};

struct tree_elem {
	long key;
	struct bpf_rb_node node;
	struct bpf_refcount ref;
};

struct plain {
	long a;
	long b;
};

struct map_value {
	struct bpf_spin_lock lock;
	int pad;
	struct bpf_list_head head __contains(elem, node);
	struct tree_elem __kptr *stash;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, int);
	__type(value, struct map_value);
	__uint(max_entries, 1);
} lists SEC(".maps");

private(A) struct bpf_spin_lock glock;
private(A) struct bpf_list_head ghead __contains(elem, node);
private(B) long tree_adds;
private(B) struct bpf_spin_lock tlock;
private(B) struct bpf_rb_root troot __contains(tree_elem, node);

static struct map_value *value(void)
{
	int k = 0;

	return bpf_map_lookup_elem(&lists, &k);
}

SEC("tc")
__success
int list_push_pop(void *ctx)
{
	struct map_value *v = value();
	struct bpf_list_node *n;
	struct elem *e;
	int data;

	if (!v)
		return 0;
	e = bpf_obj_new(typeof(*e));
	if (!e)
		return 0;
	e->data = 7;
	bpf_spin_lock(&v->lock);
	bpf_list_push_front(&v->head, &e->node);
	n = bpf_list_pop_front(&v->head);
	bpf_spin_unlock(&v->lock);
	if (!n)
		return 0;
	e = container_of(n, struct elem, node);
	data = e->data;
	bpf_obj_drop(e);
	return data;
}

SEC("tc")
__success
int global_list_non_owning_read(void *ctx)
{
	struct elem *e = bpf_obj_new(typeof(*e));
	int data;

	if (!e)
		return 0;
	e->data = 3;
	bpf_spin_lock(&glock);
	bpf_list_push_back(&ghead, &e->node);
	/* a non-owning reference: readable while the lock is held */
	data = e->data;
	bpf_spin_unlock(&glock);
	return data;
}

static _Bool less(struct bpf_rb_node *a, const struct bpf_rb_node *b)
{
	struct tree_elem *x = container_of(a, struct tree_elem, node);
	struct tree_elem *y = container_of(b, struct tree_elem, node);

	return x->key < y->key;
}

SEC("tc")
__success
int rbtree_add_first_remove(void *ctx)
{
	struct tree_elem *t = bpf_obj_new(typeof(*t));
	struct bpf_rb_node *n;
	long key = 0;

	if (!t)
		return 0;
	t->key = 5;
	bpf_spin_lock(&tlock);
	bpf_rbtree_add(&troot, &t->node, less);
	n = bpf_rbtree_first(&troot);
	if (!n) {
		bpf_spin_unlock(&tlock);
		return 0;
	}
	n = bpf_rbtree_remove(&troot, n);
	bpf_spin_unlock(&tlock);
	if (!n)
		return 0;
	t = container_of(n, struct tree_elem, node);
	key = t->key;
	bpf_obj_drop(t);
	return key;
}

/* three keys added out of order: the first is the smallest by `less` */
SEC("tc")
__success
int rbtree_order(void *ctx)
{
	struct tree_elem *a, *b, *c;
	struct bpf_rb_node *n;
	long key;

	a = bpf_obj_new(typeof(*a));
	if (!a)
		return 0;
	b = bpf_obj_new(typeof(*b));
	if (!b) {
		bpf_obj_drop(a);
		return 0;
	}
	c = bpf_obj_new(typeof(*c));
	if (!c) {
		bpf_obj_drop(a);
		bpf_obj_drop(b);
		return 0;
	}
	a->key = 30;
	b->key = 10;
	c->key = 20;
	bpf_spin_lock(&tlock);
	bpf_rbtree_add(&troot, &a->node, less);
	bpf_rbtree_add(&troot, &b->node, less);
	bpf_rbtree_add(&troot, &c->node, less);
	n = bpf_rbtree_first(&troot);
	if (!n) {
		bpf_spin_unlock(&tlock);
		return 0;
	}
	n = bpf_rbtree_remove(&troot, n);
	bpf_spin_unlock(&tlock);
	if (!n)
		return 0;
	a = container_of(n, struct tree_elem, node);
	key = a->key;
	bpf_obj_drop(a);
	return key;
}

SEC("tc")
__success
int refcount_and_stash(void *ctx)
{
	struct map_value *v = value();
	struct tree_elem *t, *second, *old;

	if (!v)
		return 0;
	t = bpf_obj_new(typeof(*t));
	if (!t)
		return 0;
	/* bpf_refcount_acquire of an owning reference cannot fail */
	second = bpf_refcount_acquire(t);
	second->key = 1;
	bpf_obj_drop(second);
	old = bpf_kptr_xchg(&v->stash, t);
	if (old)
		bpf_obj_drop(old);
	return 0;
}

SEC("tc")
__failure __msg("bpf_spin_lock at off=0 must be held for bpf_list_head")
int push_without_lock(void *ctx)
{
	struct map_value *v = value();
	struct elem *e;

	if (!v)
		return 0;
	e = bpf_obj_new(typeof(*e));
	if (!e)
		return 0;
	bpf_list_push_front(&v->head, &e->node);
	return 0;
}

SEC("tc")
__failure __msg("invalid mem access 'scalar'")
int non_owning_after_unlock(void *ctx)
{
	struct elem *e = bpf_obj_new(typeof(*e));

	if (!e)
		return 0;
	bpf_spin_lock(&glock);
	bpf_list_push_back(&ghead, &e->node);
	bpf_spin_unlock(&glock);
	/* the list owns it now, and the lock no longer protects this reference */
	return e->data;
}

SEC("tc")
__failure __msg("Unreleased reference")
int leak_allocated(void *ctx)
{
	struct elem *e = bpf_obj_new(typeof(*e));

	if (!e)
		return 0;
	e->data = 1;
	return 0;
}

SEC("tc")
__failure __msg("R1 must be referenced or trusted")
int drop_after_push(void *ctx)
{
	struct elem *e = bpf_obj_new(typeof(*e));

	if (!e)
		return 0;
	bpf_spin_lock(&glock);
	bpf_list_push_back(&ghead, &e->node);
	bpf_spin_unlock(&glock);
	bpf_obj_drop(e);
	return 0;
}

SEC("tc")
__failure __msg("bpf_list_node not found at offset=8")
int push_wrong_type(void *ctx)
{
	struct tree_elem *t = bpf_obj_new(typeof(*t));

	if (!t)
		return 0;
	bpf_spin_lock(&glock);
	bpf_list_push_back(&ghead, (struct bpf_list_node *)&t->node);
	bpf_spin_unlock(&glock);
	return 0;
}

SEC("tc")
__failure __msg("direct access to bpf_list_node is disallowed")
int touch_list_node(void *ctx)
{
	struct elem *e = bpf_obj_new(typeof(*e));

	if (!e)
		return 0;
	e->node.__opaque[0] = 0;
	bpf_obj_drop(e);
	return 0;
}

/* Linux 6.16+ takes an owning reference too (6.12: "rbtree_remove node input must be non-owning ref") */
SEC("tc")
__success
int remove_owning(void *ctx)
{
	struct tree_elem *t = bpf_obj_new(typeof(*t));
	struct bpf_rb_node *n;

	if (!t)
		return 0;
	bpf_spin_lock(&tlock);
	n = bpf_rbtree_remove(&troot, &t->node);
	bpf_spin_unlock(&tlock);
	if (n)
		bpf_obj_drop(container_of(n, struct tree_elem, node));
	bpf_obj_drop(t);
	return 0;
}

SEC("tc")
__failure __msg("arg#0 doesn't point to a type with bpf_refcount field")
int refcount_without_field(void *ctx)
{
	struct elem *p = bpf_obj_new(typeof(*p)), *q;

	if (!p)
		return 0;
	q = bpf_refcount_acquire(p);
	if (q)
		bpf_obj_drop(q);
	bpf_obj_drop(p);
	return 0;
}

SEC("tc")
__failure __msg("Couldn't find btf_record")
int refcount_plain_type(void *ctx)
{
	struct plain *p = bpf_obj_new(typeof(*p)), *q;

	if (!p)
		return 0;
	q = bpf_refcount_acquire(p);
	if (q)
		bpf_obj_drop(q);
	bpf_obj_drop(p);
	return 0;
}

SEC("tc")
__failure __msg("store to referenced kptr disallowed")
int store_to_kptr(void *ctx)
{
	struct map_value *v = value();

	if (!v)
		return 0;
	*(volatile long *)&v->stash = 0;
	return 0;
}

SEC("tc")
__failure __msg("function calls are not allowed while holding a lock")
int obj_new_under_lock(void *ctx)
{
	struct elem *e;

	bpf_spin_lock(&glock);
	e = bpf_obj_new(typeof(*e));
	bpf_spin_unlock(&glock);
	if (e)
		bpf_obj_drop(e);
	return 0;
}
