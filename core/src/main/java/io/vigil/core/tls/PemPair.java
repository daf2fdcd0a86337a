package io.vigil.core.tls;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/** A PEM certificate chain and its private key, as operators configure them and as Vigil generates them. */
public record PemPair(Path certificate, Path key) {

    public List<X509Certificate> chain() throws IOException {
        try (var in = Files.newInputStream(certificate)) {
            List<X509Certificate> out = new ArrayList<>();
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) out.add((X509Certificate) c);
            if (out.isEmpty()) throw new IOException(certificate + ": no certificate in this PEM file");
            return out;
        } catch (GeneralSecurityException e) {
            throw new IOException(certificate + ": not a PEM certificate: " + e.getMessage(), e);
        }
    }

    public PrivateKey privateKey() throws IOException {
        try (Reader r = Files.newBufferedReader(key); PEMParser p = new PEMParser(r)) {
            Object o = p.readObject();
            JcaPEMKeyConverter conv = new JcaPEMKeyConverter();
            if (o instanceof PrivateKeyInfo info) return conv.getPrivateKey(info);
            if (o instanceof PEMKeyPair pair) return conv.getKeyPair(pair).getPrivate();
            throw new IOException(key + ": expected an unencrypted PEM private key");
        }
    }

    /** An in-memory PKCS#12 key store holding the pair under alias "vigil" with the given password. */
    public KeyStore keyStore(char[] password) throws IOException {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("vigil", privateKey(), password, chain().toArray(Certificate[]::new));
            return ks;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot build a key store from " + certificate + " and " + key + ": " + e.getMessage(), e);
        }
    }

    /** A trust store holding just this certificate: how the CLI pins the instance it talks to. */
    public static KeyStore trusting(Path certificate) throws IOException {
        try (var in = Files.newInputStream(certificate)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            int i = 0;
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) ks.setCertificateEntry("c" + i++, c);
            return ks;
        } catch (GeneralSecurityException e) {
            throw new IOException(certificate + ": not a PEM certificate: " + e.getMessage(), e);
        }
    }
}
