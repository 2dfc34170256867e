// OWL 2 DL profile check with the OWL API (Debian's libowlapi-java): prints each violation and
// exits 1 when the ontology (with its imports closure) is outside OWL 2 DL, 0 when inside.
// Usage: java -cp <owlapi jars> ProfileCheck.java FILE [IRI=FILE ...]  (imports read locally)
import java.io.File;
import org.semanticweb.owlapi.apibinding.OWLManager;
import org.semanticweb.owlapi.model.IRI;
import org.semanticweb.owlapi.model.OWLOntology;
import org.semanticweb.owlapi.model.OWLOntologyManager;
import org.semanticweb.owlapi.profiles.OWL2DLProfile;
import org.semanticweb.owlapi.profiles.OWLProfileReport;
import org.semanticweb.owlapi.profiles.OWLProfileViolation;
import org.semanticweb.owlapi.util.SimpleIRIMapper;

public class ProfileCheck {
    public static void main(String[] args) throws Exception {
        OWLOntologyManager manager = OWLManager.createOWLOntologyManager();
        // Debian's jars register no parser through the service loader: name them.
        manager.getOntologyParsers().add(new org.semanticweb.owlapi.rdf.rdfxml.parser.RDFXMLParserFactory());
        for (int i = 1; i < args.length; i++) {
            String[] pair = args[i].split("=", 2);
            manager.getIRIMappers().add(
                new SimpleIRIMapper(IRI.create(pair[0]), IRI.create(new File(pair[1]))));
        }
        OWLOntology ontology = manager.loadOntologyFromOntologyDocument(new File(args[0]));
        OWLProfileReport report = new OWL2DLProfile().checkOntology(ontology);
        for (OWLProfileViolation violation : report.getViolations()) {
            System.out.println(violation.toString().replace('\n', ' '));
        }
        System.out.println(report.getViolations().size() + " violation(s) of OWL 2 DL");
        System.exit(report.isInProfile() ? 0 : 1);
    }
}
