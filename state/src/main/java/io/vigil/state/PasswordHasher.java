package io.vigil.state;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Password hashes: Argon2id with OWASP's parameters (19 MiB, 2 passes, 1 lane), a 16-byte
 * random salt and a 32-byte hash, in the PHC string form the reference implementation writes:
 * {@code $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>} (standard base64 without padding).
 * Verification reads the parameters from the string, so hashes made with other parameters
 * still verify.
 */
public final class PasswordHasher {
    static final int MEMORY_KIB = 19456;
    static final int ITERATIONS = 2;
    static final int PARALLELISM = 1;
    static final int SALT_BYTES = 16;
    static final int HASH_BYTES = 32;

    // limits on what verify accepts, so a damaged or hostile string cannot make it allocate or spin without end
    private static final int MAX_MEMORY_KIB = 1 << 21; // 2 GiB
    private static final int MAX_ITERATIONS = 64;
    private static final int MAX_PARALLELISM = 64;

    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();

    private PasswordHasher() {}

    /** The PHC string of a new Argon2id hash of {@code password} with a fresh salt. */
    public static String hash(char[] password) {
        if (password == null) throw new IllegalArgumentException("no password");
        byte[] salt = Secrets.bytes(SALT_BYTES);
        byte[] out = argon2(password, salt, MEMORY_KIB, ITERATIONS, PARALLELISM, HASH_BYTES);
        try {
            return "$argon2id$v=19$m=" + MEMORY_KIB + ",t=" + ITERATIONS + ",p=" + PARALLELISM + "$" + B64.encodeToString(salt) + "$" + B64.encodeToString(out);
        } finally {
            Arrays.fill(out, (byte) 0);
        }
    }

    /** Whether {@code password} is the one {@code encoded} was made from; false for a null, malformed or unsupported string. */
    public static boolean verify(char[] password, String encoded) {
        if (password == null || encoded == null) return false;
        // "", "argon2id", "v=19", "m=..,t=..,p=..", salt, hash
        String[] parts = encoded.split("\\$", -1);
        if (parts.length != 6 || !parts[0].isEmpty() || !"argon2id".equals(parts[1]) || !"v=19".equals(parts[2])) return false;
        int m = -1, t = -1, p = -1;
        String[] params = parts[3].split(",", -1);
        if (params.length != 3) return false;
        try {
            for (String kv : params) {
                if (kv.startsWith("m=")) m = number(kv.substring(2));
                else if (kv.startsWith("t=")) t = number(kv.substring(2));
                else if (kv.startsWith("p=")) p = number(kv.substring(2));
                else return false;
            }
        } catch (NumberFormatException e) {
            return false;
        }
        if (p < 1 || p > MAX_PARALLELISM || t < 1 || t > MAX_ITERATIONS || m < 8 * p || m > MAX_MEMORY_KIB) return false;
        byte[] salt;
        byte[] expected;
        try {
            salt = base64(parts[4]);
            expected = base64(parts[5]);
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (salt.length < 8 || salt.length > 64 || expected.length < 4 || expected.length > 64) return false;
        byte[] actual = argon2(password, salt, m, t, p, expected.length);
        try {
            return MessageDigest.isEqual(actual, expected);
        } finally {
            Arrays.fill(actual, (byte) 0);
        }
    }

    private static int number(String s) {
        if (s.isEmpty() || s.length() > 10 || !s.chars().allMatch(ch -> ch >= '0' && ch <= '9')) throw new NumberFormatException(s);
        return Integer.parseInt(s);
    }

    /** Standard base64, unpadded as PHC strings are (padding or other alphabets are refused). */
    private static byte[] base64(String s) {
        if (s.isEmpty() || s.indexOf('=') >= 0) throw new IllegalArgumentException("not unpadded base64");
        return Base64.getDecoder().decode(s);
    }

    private static byte[] argon2(char[] password, byte[] salt, int memoryKib, int iterations, int parallelism, int length) {
        Argon2Parameters params = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(memoryKib)
                .withIterations(iterations)
                .withParallelism(parallelism)
                .withSalt(salt)
                .build();
        Argon2BytesGenerator g = new Argon2BytesGenerator();
        g.init(params);
        byte[] secret = utf8(password);
        byte[] out = new byte[length];
        try {
            g.generateBytes(secret, out);
            return out;
        } finally {
            Arrays.fill(secret, (byte) 0);
            params.clear();
        }
    }

    /** The password's UTF-8 bytes, with no String copy of it left behind (an unpaired surrogate becomes ?). */
    private static byte[] utf8(char[] password) {
        try {
            ByteBuffer b = StandardCharsets.UTF_8.newEncoder()
                    .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE)
                    .encode(CharBuffer.wrap(password));
            byte[] out = new byte[b.remaining()];
            b.get(out);
            if (b.hasArray()) Arrays.fill(b.array(), (byte) 0);
            return out;
        } catch (CharacterCodingException e) {
            throw new IllegalStateException("UTF-8 encoding with replacement cannot fail", e);
        }
    }
}
