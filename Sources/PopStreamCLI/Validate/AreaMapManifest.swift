import Foundation
import PopStreamCore

/// A map manifest: the maps of a deployment with their first days, and the crosswalks between them, each
/// a file in the bundled formats (registry CSV `code,name,level,parentCode`; crosswalk CSV
/// `oldCode,newCode,part`) or `bundled` for the bundled file of the same id. Paths are relative to the
/// manifest.
///
/// ```json
/// { "maps": [ { "id": "three-level-2025-03", "firstDay": "2025-03-01", "areas": "bundled" },
///             { "id": "my-map-2027-01", "firstDay": "2027-01-01", "areas": "my-map.csv" } ],
///   "crosswalks": [ { "from": "three-level-2025-03", "to": "my-map-2027-01", "file": "to-2027.csv" } ] }
/// ```
enum AreaMapManifest {
    private struct Document: Decodable {
        struct Map: Decodable {
            var id: String
            var firstDay: String
            var areas: String
        }
        struct Crosswalk: Decodable {
            var from: String
            var to: String
            var file: String
        }
        var maps: [Map]
        var crosswalks: [Crosswalk]?
    }

    /// The maps of the manifest at `path`.
    /// - Throws: ``ConfigurationError`` naming the manifest and what is wrong.
    static func load(path: String) throws -> AreaMapSet {
        let bytes = try InputFile.read(path, what: "--areas")
        let document: Document
        do {
            document = try JSONDecoder().decode(Document.self, from: Data(bytes))
        } catch {
            throw ConfigurationError("--areas \(path): not a map manifest ({\"maps\": [{\"id\", \"firstDay\", \"areas\"}], \"crosswalks\": [...]}): \(error)")
        }
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
        func resolve(_ file: String) -> String {
            file.hasPrefix("/") ? file : directory.appendingPathComponent(file).path
        }
        var maps: [AreaMap] = []
        for entry in document.maps {
            guard let firstDay = LocalDate(entry.firstDay) else {
                throw ConfigurationError("--areas \(path): map \(entry.id): firstDay \(entry.firstDay) is not a YYYY-MM-DD date")
            }
            let registry: AreaRegistry
            if entry.areas == "bundled" {
                guard let bundled = BundledAreas.registry(named: entry.id) else {
                    throw ConfigurationError("--areas \(path): map \(entry.id) is not bundled (bundled: \(BundledAreas.names.joined(separator: ", ")))")
                }
                registry = bundled
            } else {
                registry = try AreaRegistryOption.load(resolve(entry.areas))
            }
            maps.append(AreaMap(id: entry.id, firstDay: firstDay, registry: registry))
        }
        var links: [AreaMapSet.Link] = []
        for entry in document.crosswalks ?? [] {
            let crosswalk: AreaCrosswalk
            if entry.file == "bundled" {
                guard entry.from == BundledAreas.threeLevel2025Name, entry.to == BundledAreas.twoLevel2025Name else {
                    throw ConfigurationError("--areas \(path): the bundled crosswalk joins \(BundledAreas.threeLevel2025Name) to \(BundledAreas.twoLevel2025Name)")
                }
                crosswalk = BundledAreas.crosswalk2025
            } else {
                let file = resolve(entry.file)
                let text = String(decoding: try InputFile.read(file, what: "--areas crosswalk"), as: UTF8.self)
                do {
                    crosswalk = try AreaCrosswalk(csv: text)
                } catch {
                    throw ConfigurationError("--areas \(path): crosswalk \(file): \(error)")
                }
            }
            links.append(AreaMapSet.Link(from: entry.from, to: entry.to, crosswalk: crosswalk))
        }
        do {
            return try AreaMapSet(maps: maps, links: links)
        } catch {
            throw ConfigurationError("--areas \(path): \(error)")
        }
    }
}
