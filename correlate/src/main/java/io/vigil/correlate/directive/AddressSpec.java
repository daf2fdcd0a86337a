package io.vigil.correlate.directive;

import io.vigil.core.net.IpLiterals;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A rule's condition on an address (from, to): {@code ANY}, or a comma list of address
 * blocks, {@code HOME_NET}, network or host names, references ({@code 1:SRC_IP}), each
 * negated by a leading {@code !}. Matching follows {@link IntSpec}: one positive item (or
 * none written) and no negated one.
 */
public final class AddressSpec {
    public enum Kind { CIDR, HOME_NET, NAME, REF }

    public record Item(Kind kind, Cidr cidr, String name, Ref ref, boolean negated) {}

    public static final AddressSpec ANY = new AddressSpec("ANY", List.of(), List.of());

    private final String text;
    private final List<Item> positive;
    private final List<Item> negative;

    private AddressSpec(String text, List<Item> positive, List<Item> negative) {
        this.text = text;
        this.positive = positive;
        this.negative = negative;
    }

    public static AddressSpec parse(String attribute, String text) throws DirectiveException {
        List<SpecList.Token> tokens = SpecList.parse(attribute, text);
        if (tokens == null) return ANY;
        List<Item> pos = new ArrayList<>();
        List<Item> neg = new ArrayList<>();
        for (SpecList.Token t : tokens) {
            String s = t.text();
            boolean not = t.negated();
            Item item;
            Ref ref = Ref.parse(s);
            Cidr cidr;
            if (ref != null) {
                if (ref.field() != Ref.Field.SRC_IP && ref.field() != Ref.Field.DST_IP) {
                    throw new DirectiveException(attribute + "=\"" + text + "\": " + s + " refers to " + ref.field() + ", not an address (SRC_IP or DST_IP)");
                }
                item = new Item(Kind.REF, null, null, ref, not);
            } else if (s.equalsIgnoreCase("HOME_NET")) {
                item = new Item(Kind.HOME_NET, null, null, null, not);
            } else if ((cidr = Cidr.parse(s)) != null) {
                item = new Item(Kind.CIDR, cidr, null, null, not);
            } else if (s.matches("[A-Za-z0-9_.\\-]+") && !s.matches("[0-9./]+")) {
                item = new Item(Kind.NAME, null, s, null, not);
            } else {
                throw new DirectiveException(attribute + "=\"" + text + "\": '" + s + "' is not an address, a block, HOME_NET, a network name or a reference such as 1:SRC_IP");
            }
            (not ? neg : pos).add(item);
        }
        return new AddressSpec(text.trim(), List.copyOf(pos), List.copyOf(neg));
    }

    public boolean isAny() {
        return positive.isEmpty() && negative.isEmpty();
    }

    /** The reference when the spec is exactly one positive reference ({@code from="1:SRC_IP"}), else null. */
    public Ref onlyRef() {
        return positive.size() == 1 && negative.isEmpty() && positive.get(0).kind() == Kind.REF ? positive.get(0).ref() : null;
    }

    public List<Item> items() {
        List<Item> all = new ArrayList<>(positive);
        all.addAll(negative);
        return all;
    }

    /**
     * Whether {@code address} (the event's, as text) satisfies the spec. An event without that
     * address matches only ANY. An address that is not an IP literal (a host name a plugin did
     * not resolve) can only match a reference, by its text: "the same destination as level 1".
     */
    public boolean matches(String address, Networks networks, Function<Ref, Object> refs) {
        return matches(address, address == null ? null : IpLiterals.bytes(address), networks, refs);
    }

    /** As {@link #matches(String, Networks, Function)}, with the address already parsed ({@code a}: its bytes, or null). */
    public boolean matches(String address, byte[] a, Networks networks, Function<Ref, Object> refs) {
        if (isAny()) return true;
        if (address == null) return false;
        for (Item i : negative) if (hit(i, address, a, networks, refs)) return false;
        if (positive.isEmpty()) return a != null;
        for (Item i : positive) if (hit(i, address, a, networks, refs)) return true;
        return false;
    }

    private static boolean hit(Item i, String text, byte[] a, Networks networks, Function<Ref, Object> refs) {
        if (i.kind() == Kind.REF) {
            Object r = refs.apply(i.ref());
            if (!(r instanceof String s)) return false;
            byte[] b = IpLiterals.bytes(s);
            return a != null && b != null ? java.util.Arrays.equals(a, b) : s.equals(text);
        }
        if (a == null) return false;
        return switch (i.kind()) {
            case CIDR -> i.cidr().contains(a);
            case HOME_NET -> networks.inHomeNet(a);
            case NAME -> networks.inNamed(i.name(), a);
            case REF -> false;
        };
    }

    @Override
    public String toString() {
        return text;
    }
}
