import Foundation
import Hummingbird

/// Responses with a JSON body.
enum JSONResponse {
    /// `body` as is, `application/json`.
    static func data(_ body: Data, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "application/json; charset=utf-8"],
                 body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
    }

    /// `value` encoded as JSON, keys sorted (the same bytes in every process).
    static func encoded(_ value: some Encodable, status: HTTPResponse.Status = .ok) -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // The API's bodies are strings, numbers and arrays of them: encoding cannot fail.
        return data((try? encoder.encode(value)) ?? Data("{}".utf8), status: status)
    }
}
