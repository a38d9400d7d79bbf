import AsyncHTTPClient
import Foundation
import NIOCore
// Declared by AsyncHTTPClient, which throws their error types unchanged (HappyEyeballs' connection
// errors and the TLS handler's handshake errors).
import NIOPosix
import NIOSSL

/// Recognises the network errors that mean "the server cannot be reached at all": the connection was
/// refused, the host name does not resolve, the TLS handshake failed, or the connection timed out.
///
/// Errors during an established exchange (a reset, a read timeout, a closed connection) are not such
/// errors: they say nothing about whether the next request can work.
enum ConnectionFailure {
    /// The cause, in words, when `error` means the server could not be reached; otherwise `nil`.
    ///
    /// - Parameter error: An error thrown by `HTTPClient.execute` (AsyncHTTPClient passes the connection
    ///   error of NIO through, or maps `ChannelError.connectTimeout` to `HTTPClientError.connectTimeout`).
    /// - Returns: For example `connection refused`, `host not found (…)`, `TLS handshake failed: …`.
    static func cause(of error: any Error) -> String? {
        switch error {
        case let error as NIOConnectionError:
            return cause(of: error)
        case let error as IOError:
            return cause(errno: error.errnoCode)
        case let error as SocketAddressError.UnknownHost:
            return "host not found (\(error.errorDescription))"
        case let error as SocketAddressError:
            if case .unknown = error { return "host not found" }
            return nil
        case let error as ChannelError:
            if case .connectTimeout = error { return "connection timed out" }
            return nil
        case let error as HTTPClientError:
            return error == .connectTimeout ? "connection timed out" : nil
        case let error as NIOSSLError:
            return cause(of: error)
        case let error as NIOSSLExtraError:
            return "TLS handshake failed: \(error)"
        default:
            return nil
        }
    }

    /// HappyEyeballs' summary: a DNS failure when no address was tried, else the first attempt's cause.
    private static func cause(of error: NIOConnectionError) -> String? {
        for failure in error.connectionErrors {
            if let cause = cause(of: failure.error) { return cause }
        }
        if !error.connectionErrors.isEmpty { return nil }
        if let dns = error.dnsAError ?? error.dnsAAAAError {
            if let known = dns as? SocketAddressError.UnknownHost {
                return "host not found (\(known.errorDescription))"
            }
            return "host not found"
        }
        return "host not found (no address)"
    }

    /// TLS errors raised while establishing the connection.
    private static func cause(of error: NIOSSLError) -> String? {
        switch error {
        case .handshakeFailed(let detail):
            return "TLS handshake failed: \(tlsReason(detail))"
        case .unableToValidateCertificate, .noCertificateToValidate, .cannotMatchULabel, .cannotFindPeerIP:
            return "TLS handshake failed: \(error)"
        default:
            return nil
        }
    }

    /// BoringSSL's reasons in words (`wrong version number`, `certificate verify failed`), without the
    /// library's source paths; other handshake errors by name.
    private static func tlsReason(_ error: BoringSSLError) -> String {
        guard case .sslError(let stack) = error, !stack.isEmpty else { return "\(error)" }
        return stack.map { entry in
            // "Error: 268435703 error:100000f7:SSL routines:OPENSSL_internal:WRONG_VERSION_NUMBER at /path:127"
            var text = entry.description
            if let at = text.range(of: " at ", options: .backwards) { text = String(text[..<at.lowerBound]) }
            let reason = text.split(separator: ":").last.map(String.init) ?? text
            return reason.lowercased().replacingOccurrences(of: "_", with: " ")
        }.joined(separator: ", ")
    }

    /// The connect(2) failures that mean nothing listens or no route exists.
    private static func cause(errno code: Int32) -> String? {
        switch code {
        case ECONNREFUSED: return "connection refused"
        case ENETUNREACH: return "network unreachable"
        case EHOSTUNREACH: return "host unreachable"
        case ETIMEDOUT: return "connection timed out"
        case EADDRNOTAVAIL: return "address not available"
        default: return nil
        }
    }
}
