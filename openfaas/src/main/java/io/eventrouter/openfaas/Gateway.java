package io.eventrouter.openfaas;

import java.net.URI;

/** Where things are on an OpenFaaS gateway. */
final class Gateway {

    private Gateway() {
    }

    /** The gateway address without a trailing slash, to append API and function paths to. */
    static String base(URI address) {
        String text = address.toString();
        while (text.endsWith("/")) {
            text = text.substring(0, text.length() - 1);
        }
        return text;
    }

    static URI function(URI address, String path, boolean async) {
        return URI.create(base(address) + (async ? "/async-function/" : "/function/") + path);
    }
}
